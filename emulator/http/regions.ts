/**
 * Which `X-TC-Region` values each action accepts, and whether it is required (reference §1.1,
 * Open question 7); some actions accept different regions depending on the site (endpoint) the
 * call was addressed to.
 */
import { ApiError, commonErrors } from './envelope';

/** Regions Tencent Cloud API 3.0 knows; optional-region actions accept any of these. */
export const KNOWN_REGIONS: readonly string[] = [
  'ap-bangkok',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-guangzhou',
  'ap-hongkong',
  'ap-jakarta',
  'ap-mumbai',
  'ap-nanjing',
  'ap-seoul',
  'ap-shanghai',
  'ap-shanghai-fsi',
  'ap-shenzhen-fsi',
  'ap-singapore',
  'ap-tokyo',
  'eu-frankfurt',
  'na-ashburn',
  'na-siliconvalley',
  'sa-saopaulo',
];

/**
 * The site a call was addressed to, from its Host header: `intl` for
 * `<service>.intl.tencentcloudapi.com`, `mainland` for `<service>.tencentcloudapi.com`, `other`
 * for anything else (a client configured with the emulator's base URL names no site).
 */
export type ApiSite = 'intl' | 'mainland' | 'other';

/** The site of a Host header value (port and case ignored). */
export function siteOfHost(host: string | undefined): ApiSite {
  let name: string;
  try {
    name = new URL(`http://${host ?? ''}`).hostname.toLowerCase();
  } catch {
    return 'other';
  }
  if (name.endsWith('.intl.tencentcloudapi.com')) return 'intl';
  if (name.endsWith('.tencentcloudapi.com')) return 'mainland';
  return 'other';
}

export interface RegionRule {
  readonly required: boolean;
  /** Regions accepted on every site `bySite` does not name. */
  readonly allowed: readonly string[];
  /** Regions accepted on one site instead of `allowed`. */
  readonly bySite?: Readonly<Partial<Record<ApiSite, readonly string[]>>>;
}

const TRTC_CREATE = ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'];
const TRTC_FOLLOW_UP = [...TRTC_CREATE, 'ap-mumbai'];
// Web recording: the Chinese pages list the mainland regions; the intl page lists
// ap-singapore. Where the site is not the intl one, both are accepted (Open question 7).
const TRTC_WEB = ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'];
const TIW = ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'];
/** The one region the international start pages allow (seeds 002 and 003: "This API only supports: ap-singapore"). */
const SINGAPORE_ONLY = ['ap-singapore'];

/** Default rules, keyed `service.Action`, falling back to `service`. */
export const DEFAULT_REGION_RULES: Readonly<Record<string, RegionRule>> = {
  'trtc.CreateCloudRecording': { required: true, allowed: TRTC_CREATE },
  'trtc.DescribeCloudRecording': { required: true, allowed: TRTC_FOLLOW_UP },
  'trtc.ModifyCloudRecording': { required: true, allowed: TRTC_FOLLOW_UP },
  'trtc.DeleteCloudRecording': { required: true, allowed: TRTC_FOLLOW_UP },
  // Seed 002 (002_af726c21afe5311c.txt): "Domain name for API request: trtc.intl.tencentcloudapi.com"
  // and "This API only supports: ap-singapore". The mainland endpoint keeps the mainland regions.
  'trtc.StartWebRecord': { required: true, allowed: TRTC_WEB, bySite: { intl: SINGAPORE_ONLY } },
  'trtc.DescribeWebRecord': { required: true, allowed: TRTC_WEB },
  'trtc.StopWebRecord': { required: true, allowed: TRTC_WEB },
  // Seed 003 (003_aa560bd03bf05557.txt), an international page, names "tiw.tencentcloudapi.com"
  // itself as the domain and "This API only supports: ap-singapore": on both Tencent names of the
  // endpoint only ap-singapore. No seed or reference page lists mainland regions for TIW; a
  // base-URL client (site `other`) keeps the emulator's earlier list.
  'tiw.StartOnlineRecord': {
    required: true,
    allowed: TIW,
    bySite: { intl: SINGAPORE_ONLY, mainland: SINGAPORE_ONLY },
  },
  tiw: { required: true, allowed: TIW },
  live: { required: false, allowed: KNOWN_REGIONS },
  trro: { required: false, allowed: KNOWN_REGIONS },
};

/**
 * Checks one call's region against the rules for the site it was addressed to; throws the
 * common codes (reference §1.3): `MissingParameter` when required and absent,
 * `UnsupportedRegion` otherwise. The seeds document no product-specific region code.
 */
export function checkRegion(
  rules: Readonly<Record<string, RegionRule>>,
  call: {
    readonly service: string;
    readonly action: string;
    readonly region: string | undefined;
    readonly site: ApiSite;
  },
): void {
  const { service, action, region, site } = call;
  const rule = rules[`${service}.${action}`] ?? rules[service];
  if (rule === undefined) return;
  if (region === undefined || region === '') {
    if (rule.required) throw commonErrors.missing('Region');
    return;
  }
  const allowed = rule.bySite?.[site] ?? rule.allowed;
  if (!allowed.includes(region)) {
    const where = site === 'other' ? '' : ` on the ${site === 'intl' ? 'international' : 'mainland'} endpoint`;
    throw new ApiError(
      'UnsupportedRegion',
      `The action \`${action}\` does not support the region \`${region}\`${where}.`,
    );
  }
}
