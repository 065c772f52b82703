// RFC 3261 §17 timer values (Table 4 of Appendix A), plus RFC 6026 Timers L and M. Every
// transaction maps them onto two slots, as pjsip does: "retransmit" (A, E, G) and "timeout"
// (B, D, F, H, I, J, K, L, M).

export const T1 = 500; // RTT estimate
export const T2 = 4000; // maximum retransmit interval for non-INVITE requests and INVITE responses
export const T4 = 5000; // maximum duration a message will remain in the network

export const TIMER_B = 64 * T1; // INVITE transaction timeout
export const TIMER_D = 32000; // wait time for response retransmits (unreliable: "> 32s")
export const TIMER_F = 64 * T1; // non-INVITE transaction timeout
export const TIMER_H = 64 * T1; // wait time for ACK receipt
export const TIMER_I = T4; // wait time for ACK retransmits (unreliable)
export const TIMER_J = 64 * T1; // wait time for non-INVITE request retransmits (unreliable)
export const TIMER_K = T4; // wait time for response retransmits (unreliable)
export const TIMER_L = 64 * T1; // RFC 6026: wait in Accepted for INVITE retransmits (server)
export const TIMER_M = 64 * T1; // RFC 6026: wait in Accepted for 2xx retransmits (client)

export type TimerSlot = 'retransmit' | 'timeout';
