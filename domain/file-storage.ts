/**
 * Whether a file URL a callback reported lies in the recording's own storage, decided from the
 * start parameters alone (pure: the workflow applies it to callback files). Callbacks are hints
 * (invariant 7): a TIW or CSS signature does not cover the body, so a spliced callback could add
 * any URL to a result; only URLs in the storage the start call named are kept.
 *
 * Per product (reference §3–§7):
 * - trtc-cloud, trtc-web: `StorageParams.CloudStorage` (COS `<Bucket>.cos.<Region>.myqcloud.com`,
 *   AWS `<Bucket>.s3[.-]<Region>.amazonaws.com`, objects under `/<FileNamePrefix…>/`) or
 *   `StorageParams.CloudVod.TencentVod` (`<SubAppId>.vod2.myqcloud.com`; without a SubAppId the
 *   account's main app, whose id the parameters do not name: any `<digits>.vod2.myqcloud.com`).
 * - trro-cloud: `CloudStorage` (COS only), as above. Its callbacks (310) name files without URLs.
 * - css-live: files go to the account's VOD (seed 004); the parameters name no app id, so any
 *   `<digits>.vod2.myqcloud.com`.
 * - tiw-online: StartOnlineRecord names no storage (the bucket is a console setting), so no URL
 *   can be checked against the parameters: its URLs are kept as reported (`unchecked`).
 * A file with no URL (a name or object key only: TRTC 304/307/310, TRRO 310) has nothing to check.
 */
import type { Product } from './catalog';
import type { OutputFile } from './contract';

/** Where a recording's files may be, as the start parameters name it. */
export type RecordingStorage =
  | { readonly kind: 'object-storage'; readonly hosts: readonly string[]; readonly pathPrefix: string }
  | { readonly kind: 'vod'; readonly subAppId?: number }
  | { readonly kind: 'unchecked'; readonly why: string };

export type FileUrlVerdict =
  | { readonly ok: true }
  /** `host` is the URL's host only (never the path or query, which may carry a signature). */
  | { readonly ok: false; readonly host: string; readonly reason: string };

const VOD_HOST = /^(\d+)\.vod2\.myqcloud\.com$/;
const URL_PARTS = /^(https?):\/\/([^/?#]*)([^?#]*)/i;
const LOOKS_LIKE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** COS / S3 bucket hosts and the object-key prefix of a `CloudStorage` block. */
function objectStorage(cloud: Readonly<Record<string, unknown>>): RecordingStorage {
  const bucket = text(cloud['Bucket'])?.toLowerCase();
  const region = text(cloud['Region'])?.toLowerCase();
  if (bucket === undefined || region === undefined)
    return { kind: 'unchecked', why: 'CloudStorage names no Bucket or Region' };
  const prefix = Array.isArray(cloud['FileNamePrefix'])
    ? cloud['FileNamePrefix'].filter((p): p is string => typeof p === 'string' && p.length > 0)
    : [];
  const hosts =
    cloud['Vendor'] === 1
      ? [`${bucket}.s3.${region}.amazonaws.com`, `${bucket}.s3-${region}.amazonaws.com`]
      : [`${bucket}.cos.${region}.myqcloud.com`];
  return { kind: 'object-storage', hosts, pathPrefix: prefix.length === 0 ? '/' : `/${prefix.join('/')}/` };
}

function trtcStorage(storage: Readonly<Record<string, unknown>> | undefined): RecordingStorage {
  const cloud = record(storage?.['CloudStorage']);
  if (cloud !== undefined) return objectStorage(cloud);
  const vod = record(record(storage?.['CloudVod'])?.['TencentVod']);
  if (record(storage?.['CloudVod']) !== undefined) {
    const subAppId = vod?.['SubAppId'];
    return typeof subAppId === 'number' && subAppId > 0 ? { kind: 'vod', subAppId } : { kind: 'vod' };
  }
  return { kind: 'unchecked', why: 'StorageParams names neither CloudStorage nor CloudVod' };
}

/** The storage the start parameters of `product` name. */
export function recordingStorage(product: Product, params: Readonly<Record<string, unknown>>): RecordingStorage {
  switch (product) {
    case 'trtc-cloud':
    case 'trtc-web':
      return trtcStorage(record(params['StorageParams']));
    case 'trro-cloud': {
      const cloud = record(params['CloudStorage']);
      return cloud === undefined ? { kind: 'unchecked', why: 'no CloudStorage' } : objectStorage(cloud);
    }
    case 'css-live':
      return { kind: 'vod' };
    case 'tiw-online':
      return { kind: 'unchecked', why: 'StartOnlineRecord names no storage (a console setting)' };
  }
}

/** A path segment that could climb out of the prefix once a server decodes it. */
function unsafeSegment(segment: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return true;
  }
  return decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\');
}

/** Whether `url` lies in `storage`; the host is compared whole, so look-alike suffixes fail. */
export function checkFileUrl(storage: RecordingStorage, url: string): FileUrlVerdict {
  if (storage.kind === 'unchecked') return { ok: true };
  const parts = URL_PARTS.exec(url);
  if (parts === null) return { ok: false, host: '(none)', reason: 'not an http(s) URL' };
  const authority = parts[2] ?? '';
  const path = parts[3] === undefined || parts[3] === '' ? '/' : parts[3];
  // userinfo (`bucket.cos…@evil.example`) makes the real host the part after the @.
  const afterAt = authority.slice(authority.lastIndexOf('@') + 1);
  const host = afterAt.replace(/:\d*$/, '').replace(/\.$/, '').toLowerCase();
  if (authority.includes('@')) return { ok: false, host, reason: 'URL carries user info' };
  if (storage.kind === 'vod') {
    const app = VOD_HOST.exec(host);
    if (app === null) return { ok: false, host, reason: 'not a VOD host (<app id>.vod2.myqcloud.com)' };
    if (storage.subAppId !== undefined && Number(app[1]) !== storage.subAppId)
      return { ok: false, host, reason: `not VOD sub-app ${storage.subAppId}` };
    return { ok: true };
  }
  if (!storage.hosts.includes(host)) return { ok: false, host, reason: `not the bucket host ${storage.hosts[0]}` };
  if (path.split('/').some(unsafeSegment)) return { ok: false, host, reason: 'path leaves the prefix' };
  if (!path.startsWith(storage.pathPrefix)) return { ok: false, host, reason: `path outside ${storage.pathPrefix}` };
  return { ok: true };
}

/** A file a callback reported that is not in the recording's storage. */
export interface RefusedFile {
  readonly host: string;
  readonly reason: string;
}

/** Splits callback files into those in the recording's storage (or with no URL to check) and the refused. */
export function screenCallbackFiles(
  product: Product,
  params: Readonly<Record<string, unknown>>,
  files: readonly OutputFile[],
): { readonly accepted: OutputFile[]; readonly refused: RefusedFile[] } {
  const storage = recordingStorage(product, params);
  const accepted: OutputFile[] = [];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    // A name that is itself a URL (CSS uses video_url as the name when no file id came) is checked too.
    const urls = [file.url, LOOKS_LIKE_URL.test(file.name) ? file.name : undefined];
    const failed = urls.flatMap((url) => {
      const verdict = url === undefined ? undefined : checkFileUrl(storage, url);
      return verdict === undefined || verdict.ok ? [] : [verdict];
    })[0];
    if (failed === undefined) accepted.push(file);
    else refused.push({ host: failed.host, reason: failed.reason });
  }
  return { accepted, refused };
}

/**
 * A usable address for a reported file: the provider's own http(s) URL when it gave one (VOD,
 * TIW, CSS); otherwise, for object storage, the object's URL built from the bucket host, the
 * prefix and the TaskId. A bare name lies under `<FileNamePrefix…>/<TaskId>/` (reference §3);
 * a name with a `/` is already the object key. `undefined` when neither is known (a VOD file
 * with only a FileId, a name in unchecked storage).
 */
export function fileUrl(storage: RecordingStorage, taskId: string | undefined, file: OutputFile): string | undefined {
  if (file.url !== undefined && /^https?:\/\//i.test(file.url)) return file.url;
  if (/^https?:\/\//i.test(file.name)) return file.name;
  if (storage.kind !== 'object-storage') return undefined;
  const host = storage.hosts[0];
  if (host === undefined) return undefined;
  const encode = (key: string): string => key.split('/').map(encodeURIComponent).join('/');
  if (file.name.includes('/')) return `https://${host}/${encode(file.name.replace(/^\/+/, ''))}`;
  if (taskId === undefined) return undefined;
  return `https://${host}${encode(`${storage.pathPrefix}${taskId}/${file.name}`)}`;
}
