import { LiveConnections } from './live-connections.js';

/** Connections that need no ending: for module tests that run features without the realtime module. */
export class NoopLiveConnections extends LiveConnections {
  async endForUser(): Promise<void> {}
  async endForSession(): Promise<void> {}
}
