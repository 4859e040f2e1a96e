/**
 * Debian's nginx with the configuration `keyplane gateway nginx` prints, in front of a real
 * upstream and the real service. auth_request passes only 2xx, 401 and 403 on: these tests
 * prove the printed error_page/@keyplane_refused gives the client Keyplane's real 429 and 503.
 */
import { describeThroughGateway } from './through-a-gateway.js';

describeThroughGateway('nginx');
