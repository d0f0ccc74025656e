import { ApiError } from '../../lib/http.ts';
import type { SocketClosed } from './shared-socket.ts';

/**
 * No answer from the server at all: the network failed (fetch rejects, `ApiError` 0) or a proxy in
 * front of it says the server is down (502/503/504). Anything else means the server is there.
 */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 0 || [502, 503, 504].includes(error.status);
  return error instanceof TypeError;
}

/** Why a socket that was open closed: 1001 is the server going away (a restart), 1006 the network. */
export function socketClosedReason({ code, reason }: SocketClosed): string {
  if (code === 1001 || code === 1012) return 'The server is restarting.';
  if (code === 4008) return 'The server dropped a connection that read too slowly.';
  if (code === 4000) return 'The connection reached its maximum lifetime.';
  if (code === 1006) return 'The connection to the server was lost.';
  return reason !== '' ? `The server closed the WebSocket: ${reason}` : 'The server closed the WebSocket.';
}

export function streamFailureReason(error: unknown): string {
  if (isUnreachable(error)) return 'The server could not be reached.';
  return error instanceof Error ? error.message : 'The stream failed.';
}
