/**
 * `POST /callbacks/<product>` for each of the five products: raw body in, receiver's answer out.
 * Not under /v1 and not under bearer auth: the providers sign their callbacks their own way
 * (verify.ts), with whatever content type they send, so this context reads bytes untouched.
 */
import { type FastifyInstance } from 'fastify';
import { PRODUCTS } from '../../../domain/catalog';
import { type CallbackReceiver } from './receiver';

/** Provider callbacks are small JSON documents; TIW Finished with many videos is the largest. */
export const DEFAULT_CALLBACK_BODY_LIMIT = 256 * 1024;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** One route per product; the body is read as bytes because TRTC's `Sign` covers them untouched. */
export function registerCallbackRoutes(
  app: FastifyInstance,
  receiver: CallbackReceiver,
  bodyLimitBytes = DEFAULT_CALLBACK_BODY_LIMIT,
): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: bodyLimitBytes }, (_request, body, done) =>
    done(null, body),
  );
  for (const product of PRODUCTS) {
    app.post(`/callbacks/${product}`, { schema: { hide: true }, bodyLimit: bodyLimitBytes }, async (request, reply) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signHeader = header(request.headers['sign']);
      const answer = await receiver.receive({ product, rawBody, ...(signHeader === undefined ? {} : { signHeader }) });
      return reply
        .code(answer.status)
        .headers(answer.headers ?? {})
        .send(answer.body);
    });
  }
}
