// A WebSocket that reconnects by itself. Each (re)connect buys a single-use ticket
// (POST /v1/ws-tickets) and opens `path?ticket=...`, so no credential is ever in a URL that
// outlives a few seconds. Backoff: 0.5 s doubling to 10 s, with jitter; reset on `welcome`.
//
// Resuming: the socket remembers the `seq` of the last message it handed on. resumeQuery() is the
// one place that tells the server where to resume from (today's server ignores the parameter and
// answers every connect with a full `welcome`); messages with a seq at or below the last one seen
// since the latest welcome are dropped as duplicates, so a server that replays is handled too.

import { SERVER, wsTicket } from './api.js';

export class LiveSocket {
  /**
   * path: e.g. /v1/agents/alice/ws; onMessage(msg); onState(state, detail) with state one of
   * connecting, open, retry ({seconds}), replaced (another window opened this agent's session; call
   * start() to take it back), auth (credential refused or expired: sign in again).
   */
  constructor(path, onMessage, onState) {
    this.path = path;
    this.onMessage = onMessage;
    this.onState = onState;
    this.ws = null;
    this.lastSeq = null;
    this.delay = 500;
    this.stopped = false;
    this.nextId = 1;
    this.timer = null;
  }

  start() { this.stopped = false; this.connect(); }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000, 'signed out');
  }

  /** Sends a client message with a fresh id; returns the id (answered by ack/error). */
  send(message) {
    const id = 'c' + this.nextId++;
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return null;
    this.ws.send(JSON.stringify({ ...message, id }));
    return id;
  }

  resumeQuery() {
    return this.lastSeq === null ? '' : '&lastSeq=' + this.lastSeq;
  }

  async connect() {
    if (this.stopped) return;
    this.onState('connecting');
    let ticket;
    try {
      ticket = await wsTicket();
    } catch (e) {
      if (e.status === 401 || e.status === 403) { this.onState('auth', e); return; }
      this.retry();
      return;
    }
    const url = SERVER.replace(/^http/, 'ws') + this.path + '?ticket=' + encodeURIComponent(ticket)
      + this.resumeQuery();
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onmessage = event => this.receive(event);
    ws.onclose = event => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (event.code === 4401) { this.onState('auth', event); return; }
      // Another window took over this agent's session: fighting back would loop, so wait for the user.
      if (event.code === 4409) { this.onState('replaced', event); return; }
      this.retry();
    };
  }

  receive(event) {
    let msg;
    try { msg = JSON.parse(event.data); } catch (e) { return; }
    if (msg.type === 'welcome') {
      this.delay = 500;
      this.onState('open');
      // A full state restarts the count; a resumed session (resumed: true) continues it, and the
      // replayed messages that follow may carry seqs below the welcome's own.
      if (msg.resumed !== true && typeof msg.seq === 'number') this.lastSeq = msg.seq;
      this.onMessage(msg, event.timeStamp);
      return;
    }
    if (typeof msg.seq === 'number' && this.lastSeq !== null && msg.seq <= this.lastSeq) {
      return; // already handled (a replay overlapping what we saw)
    }
    if (typeof msg.seq === 'number') this.lastSeq = msg.seq;
    this.onMessage(msg, event.timeStamp);
  }

  retry() {
    const wait = Math.round(this.delay * (0.8 + Math.random() * 0.4));
    this.delay = Math.min(this.delay * 2, 10000);
    this.onState('retry', { seconds: Math.ceil(wait / 1000) });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), wait);
  }
}
