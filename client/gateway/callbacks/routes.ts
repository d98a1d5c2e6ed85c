/** `POST /callbacks/<product>` for each of the five products: raw body in, receiver's answer out. */
import { PRODUCTS } from '../../../domain/catalog';
import { readRawBody } from '../http/read-body';
import { type Route } from '../http/router';
import { type CallbackReceiver } from './receiver';

/** Provider callbacks are small JSON documents; TIW Finished with many videos is the largest. */
export const DEFAULT_CALLBACK_BODY_LIMIT = 256 * 1024;

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** One route per product; the body is read as bytes because TRTC's `Sign` covers them untouched. */
export function callbackRoutes(receiver: CallbackReceiver, bodyLimitBytes = DEFAULT_CALLBACK_BODY_LIMIT): Route[] {
  return PRODUCTS.map((product) => ({
    method: 'POST' as const,
    path: `/callbacks/${product}`,
    handler: async ({ request }) => {
      const rawBody = await readRawBody(request, bodyLimitBytes);
      const signHeader = header(request.headers['sign']);
      return receiver.receive({ product, rawBody, ...(signHeader === undefined ? {} : { signHeader }) });
    },
  }));
}
