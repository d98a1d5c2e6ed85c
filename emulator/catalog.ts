/**
 * What the emulator emulates, as its own table: the five recording products, the API 3.0
 * service each belongs to and the version each service accepts (reference §3–§9; the SDK's
 * `services/<service>/v<version>` folders). Deliberately not domain/catalog.ts: a test double
 * that reads its facts from the code under test would agree with that code's mistakes.
 */

/** The products the emulator serves, in the order their modules are built. */
export const PRODUCTS = ['trtc-cloud', 'trtc-web', 'tiw-online', 'css-live', 'trro-cloud'] as const;
export type Product = (typeof PRODUCTS)[number];

/**
 * API 3.0 services by their name: the first DNS label of the endpoint
 * (`trtc.tencentcloudapi.com`) and the service in a signature's credential scope.
 */
export type ServiceName = 'trtc' | 'tiw' | 'live' | 'trro';

/** The one `X-TC-Version` each service accepts; any other is `NoSuchVersion`. */
export const SERVICE_VERSIONS: Readonly<Record<ServiceName, string>> = {
  trtc: '2019-07-22',
  tiw: '2019-09-19',
  live: '2018-08-01',
  trro: '2022-03-25',
};

/** The service a product's actions are called on (web recording shares TRTC's). */
export const PRODUCT_SERVICES: Readonly<Record<Product, ServiceName>> = {
  'trtc-cloud': 'trtc',
  'trtc-web': 'trtc',
  'tiw-online': 'tiw',
  'css-live': 'live',
  'trro-cloud': 'trro',
};
