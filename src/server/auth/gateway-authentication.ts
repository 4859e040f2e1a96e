import type { Caller, Services } from '../context.js';
import { ProblemError } from '../problem.js';
import type { AuthenticationRequest } from './authentication-request.js';
import { authenticateKey } from './key-authentication.js';

/** How long a gateway told it is misconfigured should wait before it asks again. */
const MISCONFIGURED_RETRY_SECONDS = '30';

/**
 * Authenticates a gateway asking about one of its clients (`GET /v1/gateway/auth`). The
 * gateway must stand at a trusted proxy's address, since the client address it forwards
 * decides IP rules; and its own key, in `X-Keyplane-Gateway-Key`, is judged like any key.
 * Either failing is 503: a gateway that copies our answer to its client must not hand the
 * client a 401 or 403 about a key the client never sent, and it must not let the request
 * through (fail closed).
 */
export function authenticateGateway(services: Services, request: AuthenticationRequest): Caller | Promise<Caller> {
  if (!services.isTrustedProxy(request.peerAddress)) {
    throw misconfigured(
      'GATEWAY_NOT_TRUSTED',
      `This endpoint answers only gateways at a trusted proxy's address (--trusted-proxies / KEYPLANE_TRUSTED_PROXIES), since the client address a gateway forwards decides IP rules. ${request.peerAddress} is not one; add the gateway's address to the service's trusted proxies.`,
    );
  }
  const header = request.headers['x-keyplane-gateway-key'];
  const key = typeof header === 'string' ? header.trim() : '';
  if (key === '') {
    throw misconfigured('GATEWAY_KEY_REFUSED', "The gateway sent no X-Keyplane-Gateway-Key header: configure it to send its own Keyplane key (one holding keys:verify) in it.");
  }
  try {
    // The gateway's own key is judged where the gateway is (its IP rules, its failures), not
    // at the client address it forwards.
    const caller = authenticateKey(services, { ...request, clientIp: request.peerAddress }, key);
    return caller instanceof Promise ? caller.catch((error: unknown) => Promise.reject(asGatewayRefusal(error))) : caller;
  } catch (error) {
    throw asGatewayRefusal(error);
  }
}

function asGatewayRefusal(error: unknown): unknown {
  if (!(error instanceof ProblemError)) return error;
  return misconfigured('GATEWAY_KEY_REFUSED', `The gateway's own Keyplane key (X-Keyplane-Gateway-Key) was refused: ${error.detail}`);
}

function misconfigured(code: 'GATEWAY_NOT_TRUSTED' | 'GATEWAY_KEY_REFUSED', detail: string): ProblemError {
  return new ProblemError(code, detail, { headers: { 'Retry-After': MISCONFIGURED_RETRY_SECONDS } });
}
