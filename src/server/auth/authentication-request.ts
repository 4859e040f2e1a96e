import type { ContractOperation } from '../contract/contract.js';

/** What authentication reads of a request, whichever credential it carries. */
export interface AuthenticationRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Node's raw header list, to see headers it folds into one (a repeated Authorization). */
  rawHeaders: readonly string[];
  operation: ContractOperation;
  /** The client's address: the socket peer, or what a trusted proxy says it is. */
  clientIp: string;
  /** The socket peer's address, whoever it is. */
  peerAddress: string;
  requestId: string;
  method: string;
  /** The request URL; only a refusal reads it (its path goes to the audit trail). */
  url: string;
  now: number;
}
