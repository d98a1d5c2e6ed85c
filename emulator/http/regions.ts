/** Which `X-TC-Region` values each action accepts, and whether it is required (reference §1.1, Open question 7). */
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

export interface RegionRule {
  readonly required: boolean;
  readonly allowed: readonly string[];
}

const TRTC_CREATE = ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'];
const TRTC_FOLLOW_UP = [...TRTC_CREATE, 'ap-mumbai'];
// Web recording: the intl page lists ap-singapore only; the Chinese pages list the mainland
// regions. Both are accepted (Open question 7).
const TRTC_WEB = ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'];
const TIW = ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'];

/** Default rules, keyed `service.Action`, falling back to `service`. */
export const DEFAULT_REGION_RULES: Readonly<Record<string, RegionRule>> = {
  'trtc.CreateCloudRecording': { required: true, allowed: TRTC_CREATE },
  'trtc.DescribeCloudRecording': { required: true, allowed: TRTC_FOLLOW_UP },
  'trtc.ModifyCloudRecording': { required: true, allowed: TRTC_FOLLOW_UP },
  'trtc.DeleteCloudRecording': { required: true, allowed: TRTC_FOLLOW_UP },
  'trtc.StartWebRecord': { required: true, allowed: TRTC_WEB },
  'trtc.DescribeWebRecord': { required: true, allowed: TRTC_WEB },
  'trtc.StopWebRecord': { required: true, allowed: TRTC_WEB },
  tiw: { required: true, allowed: TIW },
  live: { required: false, allowed: KNOWN_REGIONS },
  trro: { required: false, allowed: KNOWN_REGIONS },
};

/** Checks one call's region against the rules; throws the documented common code. */
export function checkRegion(
  rules: Readonly<Record<string, RegionRule>>,
  service: string,
  action: string,
  region: string | undefined,
): void {
  const rule = rules[`${service}.${action}`] ?? rules[service];
  if (rule === undefined) return;
  if (region === undefined || region === '') {
    if (rule.required) throw commonErrors.missing('Region');
    return;
  }
  if (!rule.allowed.includes(region)) {
    throw new ApiError('UnsupportedRegion', `The action \`${action}\` does not support the region \`${region}\`.`);
  }
}
