/**
 * Batch jobs: upload a CSV order book (analyst), follow its progress, download the decided rows
 * and the rejects. The columns and outputs are those of `exportctl batch decide` (docs/batch.md).
 */
import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { ApiContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { anyObject, errorResponses } from '../schemas.ts';
import { readUpload } from './screening.ts';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-f-]{36}$' } } } as const;

export function batchRoutes(ctx: ApiContext) {
  return async (app: FastifyInstance) => {
    app.post(
      '/batch',
      {
        config: { role: 'analyst' },
        bodyLimit: 50 * 1024 * 1024,
        schema: {
          tags: ['batch'],
          summary:
            'Upload a CSV order book (analyst): columns id,date,destination,product,quantity (+ optional end_user_name, end_user_country, end_user_headquarters, end_user_parent_headquarters, view). multipart/form-data field "file", or a text/csv body. ?record=true records every decision in the ledger',
          consumes: ['multipart/form-data', 'text/csv'],
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { record: { type: 'string', enum: ['true', 'false'] }, filename: { type: 'string', maxLength: 200 } },
          },
          response: { 202: anyObject('The job: {id, state, progress, …}; poll GET /v1/batch/{id}'), ...errorResponses },
        },
      },
      async (req, reply) => {
        const up = await readUpload(req);
        const record = ((req.query as { record?: string }).record ?? up.fields.record) === 'true';
        // Check the header now, so a wrong file is a 400 naming the column rather than a failed job.
        let header: string[] = [];
        try {
          const firstLine = up.data.subarray(0, Math.min(up.data.length, 64 * 1024)).toString('utf8').split(/\r?\n/)[0] ?? '';
          header = ((parse(firstLine, { bom: true, relax_column_count: true }) as string[][])[0] ?? []).map((c) => c.trim());
        } catch (e) {
          throw new ApiError(400, `file: the header line is not CSV (${(e as Error).message})`, 'file');
        }
        const { headerProblem } = await import('../../ledger/batch-chunk.ts');
        const hp = headerProblem(header);
        if (hp) throw new ApiError(400, hp.replace(/^input:/, 'file:'), 'file', header.join(','));
        const job = ctx.jobs.submit(up.data, { user: `api:${req.principal!.keyId}`, filename: up.filename, record });
        return reply.code(202).header('location', `/v1/batch/${job.id}`).send(job);
      },
    );

    app.get(
      '/batch',
      { schema: { tags: ['batch'], summary: 'Batch jobs, newest first', response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } }, ...errorResponses } } },
      async () => ctx.jobs.list(),
    );

    app.get(
      '/batch/:id',
      {
        schema: { tags: ['batch'], summary: 'A job and its progress', params: idParams, response: { 200: anyObject('Job'), 404: errorResponses[400], ...errorResponses } },
      },
      async (req) => {
        const id = (req.params as { id: string }).id;
        const j = ctx.jobs.get(id);
        if (!j) throw new ApiError(404, `id: no batch job ${id}`, 'id', id);
        return j;
      },
    );

    for (const which of ['out', 'rejects'] as const) {
      app.get(
        `/batch/:id/${which}.csv`,
        {
          schema: {
            tags: ['batch'],
            summary: which === 'out' ? 'Download the decided rows (input columns + license_required, outcome, review_policy, exceptions, eccn, confidence)' : 'Download the rejected rows (line, reason, raw)',
            params: idParams,
            produces: ['text/csv'],
            response: { 404: errorResponses[400], 409: errorResponses[400], ...errorResponses },
          },
        },
        async (req, reply) => {
          const id = (req.params as { id: string }).id;
          const j = ctx.jobs.get(id);
          if (!j) throw new ApiError(404, `id: no batch job ${id}`, 'id', id);
          const f = ctx.jobs.file(id, which);
          if (!f) throw new ApiError(409, `id: job ${id} is ${j.state}${j.error ? ` (${j.error})` : ''}; nothing to download yet`, 'id', id);
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${id}.${which}.csv"`)
            .send(createReadStream(f));
        },
      );
    }
  };
}
