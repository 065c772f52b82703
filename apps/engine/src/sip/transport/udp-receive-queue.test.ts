import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findUdpSocket, procAddress, udpQueueProbe } from './udp-receive-queue';

// As Linux 6.1 prints them (x86: each address word little-endian); drops is the last column.
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  318: 0100007F:3AD4 00000000:0000 07 00000000:0004A600 00:00000000 00000000     0        0 81234 2 ffff9f0c8a5e1000 17
  319: 00000000:3AD4 00000000:0000 07 00000000:00000300 00:00000000 00000000     0        0 81235 2 ffff9f0c8a5e1400 0
  900: 0100007F:13C4 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 81236 2 ffff9f0c8a5e1800 3
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  101: 00000000000000000000000001000000:3AD4 00000000000000000000000000000000:0000 07 00000000:00001200 00:00000000 00000000     0        0 1 2 ffff 5
`;

describe('findUdpSocket', () => {
  it('reads the queue (hex bytes) and the drops of the socket bound to our address and port', () => {
    expect(findUdpSocket(UDP, '127.0.0.1', 15060)).toEqual({ queueBytes: 0x4a600, drops: 17 });
    expect(findUdpSocket(UDP, '127.0.0.1', 5060)).toEqual({ queueBytes: 0, drops: 3 });
  });

  it('takes the wildcard binding for 0.0.0.0, or when nothing holds our own address', () => {
    expect(findUdpSocket(UDP, '0.0.0.0', 15060)).toEqual({ queueBytes: 0x300, drops: 0 });
    expect(findUdpSocket(UDP, '10.0.0.7', 15060)).toEqual({ queueBytes: 0x300, drops: 0 });
  });

  it('reads IPv6 tables, and finds nothing for another port or a name', () => {
    expect(findUdpSocket(UDP6, '::1', 15060)).toEqual({ queueBytes: 0x1200, drops: 5 });
    expect(findUdpSocket(UDP6, '[::1]', 15060)).toEqual({ queueBytes: 0x1200, drops: 5 });
    expect(findUdpSocket(UDP, '127.0.0.1', 15061)).toBeUndefined();
    expect(findUdpSocket(UDP, 'localhost', 15060)).toBeUndefined();
    expect(findUdpSocket('', '127.0.0.1', 15060)).toBeUndefined();
  });
});

describe('procAddress', () => {
  it('prints each 32-bit word in the host byte order', () => {
    expect(procAddress('127.0.0.1', true)).toBe('0100007F');
    expect(procAddress('127.0.0.1', false)).toBe('7F000001');
    expect(procAddress('::1', true)).toBe('00000000000000000000000001000000');
    expect(procAddress('2001:db8::2', false)).toBe('20010DB8000000000000000000000002');
    expect(procAddress('300.1.1.1')).toBeUndefined();
    expect(procAddress('1::2::3')).toBeUndefined();
  });
});

// The real table: a socket whose owner does not read it (a child process that sleeps) fills up.
describe.runIf(existsSync('/proc/net/udp'))('udpQueueProbe on Linux', () => {
  it('sees datagrams waiting in an unread socket, and the kernel dropping them once it is full', async () => {
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const s = require('node:dgram').createSocket('udp4');
         s.bind(0, '127.0.0.1', () => {
           s.setRecvBufferSize(65536);
           console.log(s.address().port);
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20000); // never reads
         });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const port = await new Promise<number>((resolve) =>
        child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
      );
      const probe = udpQueueProbe('127.0.0.1', port);
      expect(await probe()).toEqual({ queueBytes: 0, drops: 0 });
      const sender = dgram.createSocket('udp4');
      const payload = Buffer.alloc(600, 0x41);
      for (let i = 0; i < 400; i++) {
        await new Promise<void>((r) => sender.send(payload, port, '127.0.0.1', () => r()));
      }
      sender.close();
      const reading = await probe();
      // 128 KiB of buffer (the kernel doubles 64 KiB) holds fewer than 400 datagrams of 600 bytes.
      expect(reading?.queueBytes).toBeGreaterThan(64 * 1024);
      expect(reading?.drops).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

it('finds nothing where the table cannot be read', async () => {
  expect(await udpQueueProbe('127.0.0.1', 5060, '/nonexistent/udp')()).toBeUndefined();
});
