// A WebSocket that reconnects by itself. Each (re)connect buys a single-use ticket
// (POST /v1/ws-tickets) and opens `path?ticket=...`, so no credential is ever in a URL that
// outlives a few seconds. Backoff: 0.5 s doubling to 10 s, with jitter; reset on `welcome`.
//
// Resuming: the socket remembers the `seq` of the last stream message it handed on and reconnects
// with `&resume=<seq>` (docs/websocket-protocol.md, "Resume"): the server replays what was missed
// (welcome resumed: true) or sends the full state (resumed: false). Stream messages with a seq at or
// below the last one seen are dropped as duplicates. onMessage's third argument says whether a
// message is part of a resumed welcome's replay (seq up to the welcome's `upTo`): sent while away.

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
    this.stateSeq = null;
    this.replayUpTo = null;
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

  // Every connection is resumable (docs/websocket-protocol.md, "Resume"): the first one asks from 0,
  // which replays a young stream or answers with the full state (resumed: false).
  resumeQuery() {
    return '&resume=' + (this.lastSeq === null ? 0 : this.lastSeq);
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
      // resumed: true keeps the client's seq (the missed messages follow, numbered after it);
      // resumed: false gives the stream's position, and the offers still open follow with that same seq.
      if (typeof msg.seq === 'number') this.lastSeq = msg.seq;
      this.stateSeq = msg.resumed === true ? null : msg.seq;
      // resumed: true says up to which seq the messages that follow are the replay (sent while away)
      this.replayUpTo = msg.resumed === true && typeof msg.upTo === 'number' ? msg.upTo : null;
      this.onMessage(msg, event.timeStamp);
      return;
    }
    // ack and error answer this connection: they carry the stream position without advancing it.
    const answer = msg.type === 'ack' || msg.type === 'error';
    const stateOffer = msg.type === 'offer' && this.stateSeq !== null && msg.seq === this.stateSeq;
    if (!answer && !stateOffer && typeof msg.seq === 'number' && this.lastSeq !== null && msg.seq <= this.lastSeq) {
      return; // already handled (a replay overlapping what we saw)
    }
    if (!answer && typeof msg.seq === 'number') this.lastSeq = Math.max(this.lastSeq ?? 0, msg.seq);
    const replayed = !answer && this.replayUpTo !== null && typeof msg.seq === 'number' && msg.seq <= this.replayUpTo;
    this.onMessage(msg, event.timeStamp, replayed);
  }

  retry() {
    const wait = Math.round(this.delay * (0.8 + Math.random() * 0.4));
    this.delay = Math.min(this.delay * 2, 10000);
    this.onState('retry', { seconds: Math.ceil(wait / 1000) });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), wait);
  }
}
