import { describe, expect, it } from 'vitest';
import { eventsUrl } from './use-live-events';

describe('eventsUrl', () => {
  it('uses ws on http and wss on https, on the page’s own host', () => {
    expect(eventsUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, {})).toBe(
      'ws://127.0.0.1:8080/api/events',
    );
    expect(eventsUrl({ protocol: 'https:', host: 'pb.example.net' }, {})).toBe(
      'wss://pb.example.net/api/events',
    );
  });

  it('narrows the stream to one call or one flow', () => {
    expect(eventsUrl({ protocol: 'http:', host: 'h' }, { callId: 'a b@c' })).toBe(
      'ws://h/api/events?callId=a+b%40c',
    );
    expect(eventsUrl({ protocol: 'http:', host: 'h' }, { flowId: 'main' })).toBe(
      'ws://h/api/events?flowId=main',
    );
  });
});
