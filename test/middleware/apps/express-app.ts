import express from 'express';
import { keyplaneExpress, type KeyplaneMiddleware } from '../../../src/middleware/index.js';

/** An orders API whose routes need Keyplane keys. */
export function createExpressApp(keyplane: KeyplaneMiddleware): express.Express {
  const app = express();
  // A proxy on this machine forwards the client's address: req.ip is that address.
  app.set('trust proxy', 'loopback');

  app.get('/orders', keyplaneExpress(keyplane, { requiredScopes: ['orders:read'] }), (req, res) => {
    res.json({ orders: [], caller: req.keyplane });
  });
  app.post('/orders', keyplaneExpress(keyplane, { requiredScopes: ['orders:write'] }), (req, res) => {
    res.status(201).json({ created_by: res.locals.keyplane?.id });
  });
  return app;
}
