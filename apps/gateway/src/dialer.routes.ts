import express, { type Express } from 'express';
import { DIALER_CALLBACK_PATH, handleDialerCallback, SIGNATURE_HEADER, type ContactDeps, type DialerCallTarget } from '@arrears/contact';
import type { DataSource } from 'typeorm';
import type { Logger } from './logger.js';

/**
 * The HTTP dialer's call events (docs/contact.md, "HTTP click-to-dial"). No bearer token: the dialer
 * signs each event with the agency's shared secret over timestamp and raw body, so the raw bytes are
 * kept for the check and the body is small.
 */
export function mountDialerRoutes(app: Express, d: { log: Logger; dataSource: DataSource; contact: ContactDeps | undefined }): void {
  app.post(DIALER_CALLBACK_PATH, express.raw({ type: () => true, limit: '16kb' }), async (req, res) => {
    const requestId = res.locals.requestId as string;
    try {
      if (!d.contact) return void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No dialer is configured' } });
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      // Before any tenant is known: the narrow function answers only whose call it is and its sealed secret.
      const findCall = async (callId: string) => ((await d.dataSource.query(`select * from app.dialer_call_target($1)`, [callId])) as DialerCallTarget[])[0];
      const a = await handleDialerCallback(d.dataSource, findCall, d.contact, raw, req.header(SIGNATURE_HEADER));
      if (a.status >= 400) d.log.warn({ requestId, code: a.code, status: a.status }, 'dialer callback refused');
      res.status(a.status).json(a.status < 300 ? { ok: true } : { error: { code: a.code, message: a.message } });
    } catch (err) {
      d.log.error({ err, requestId }, 'dialer callback failed');
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'The call event could not be applied; send it again' } });
    }
  });
}
