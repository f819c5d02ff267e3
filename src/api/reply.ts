/**
 * Sends an engine object as JSON with JSON.stringify. The route schemas document these answers as
 * open objects; fast-json-stringify walks such objects key by key and measured ~1.5x slower than
 * JSON.stringify on a 7 KB decision, so large answers skip it (the bytes are the same JSON).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

export function sendJson(reply: FastifyReply, value: unknown, status = 200): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/**
 * Each line of a decision carries its classification, about half of the answer's bytes, and the
 * engine hands out the same classification object for a product on a day (classify memo). Its JSON
 * is therefore kept per object and spliced into the decision's JSON in place of a marker string:
 * the bytes are exactly JSON.stringify(decision) (same keys, same order), with half the work.
 * The marker carries a random per-process nonce, so no string from a request can imitate it.
 */
const classificationJson = new WeakMap<object, string>();
const MARK = `\u0000classification-${randomBytes(8).toString('hex')}-`;

export function decisionJson(d: { lines: { classification?: object }[] }): string {
  const spliced: string[] = [];
  const lines = d.lines.map((l) => {
    const c = l.classification;
    if (c === undefined || c === null || typeof c !== 'object') return l;
    let j = classificationJson.get(c);
    if (j === undefined) classificationJson.set(c, (j = JSON.stringify(c)));
    spliced.push(j);
    return { ...l, classification: MARK + (spliced.length - 1) };
  });
  let s = JSON.stringify({ ...d, lines });
  // Markers appear in line order; each is replaced once (a function replacement, so "$" in the
  // classification's JSON is not read as a pattern).
  for (let i = 0; i < spliced.length; i++) s = s.replace(JSON.stringify(MARK + i), () => spliced[i]!);
  return s;
}

export function sendDecision(reply: FastifyReply, d: { lines: { classification?: object }[] }): FastifyReply {
  return reply.code(200).type('application/json; charset=utf-8').send(decisionJson(d));
}

/** Sends JSON already encoded (a kept answer): no serialisation and no UTF-8 encoding on the way out. */
export function sendBytes(reply: FastifyReply, json: Buffer): FastifyReply {
  return reply.code(200).type('application/json; charset=utf-8').send(json);
}
