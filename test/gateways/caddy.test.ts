/**
 * Debian's Caddy with the Caddyfile `keyplane gateway caddy` prints, in front of a real
 * upstream and the real service. forward_auth hands every answer but a 2xx to the client as
 * Keyplane gave it, so the client gets Keyplane's own problem documents.
 */
import { describeThroughGateway } from './through-a-gateway.js';

describeThroughGateway('caddy');
