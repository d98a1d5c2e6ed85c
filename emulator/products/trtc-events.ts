/**
 * TRTC-format recording callbacks (cloud recording group 3, web recording group 8; TRRO
 * follows the same spec): JSON body, `Sign` = Base64(HMAC-SHA256(key, body)) header,
 * 5 s time-out and the TRTC retry schedule (reference §10).
 */
import { type Product } from '../catalog';
import { trtcRetryPolicy } from '../callbacks/policies';
import { signTrtcFamilyBody } from '../callbacks/sign';
import { type World } from './module';

export interface TrtcEvent {
  readonly product: Product;
  /** SdkAppId (TRTC) or ProjectId (TRRO): the scope the callback address is set for. */
  readonly scope: string;
  readonly eventGroupId: 3 | 8;
  readonly eventType: number;
  readonly taskId: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly roomId?: string | number;
  /** The recording bot's UserId. */
  readonly userId?: string;
  /** Sent as the `SdkAppId` header. */
  readonly sdkAppId?: number;
  /**
   * TRRO: the device stream, in EventInfo as `ProjectId`, `DeviceId`, `VideoStreamId`. Tencent does
   * not document which ids a TRRO callback carries (reference open question 4); a device task has
   * no room or bot, so the emulator names the device the way CreateCloudRecording did.
   */
  readonly device?: { readonly projectId: string; readonly deviceId: string; readonly videoStreamId: number };
}

/** Queues one event if a callback URL is configured for the product (and scope). */
export function sendTrtcEvent(world: World, event: TrtcEvent): void {
  const target = world.targets.get(event.product, event.scope);
  if (!target.url) return;
  const at = world.clock.now();
  const eventInfo: Record<string, unknown> = {
    ...(event.roomId !== undefined ? { RoomId: event.roomId } : {}),
    ...(event.eventGroupId === 3 ? { EventTs: Math.floor(at / 1000) } : {}),
    EventMsTs: at,
    ...(event.userId !== undefined ? { UserId: event.userId } : {}),
    ...(event.device !== undefined
      ? {
          ProjectId: event.device.projectId,
          DeviceId: event.device.deviceId,
          VideoStreamId: event.device.videoStreamId,
        }
      : {}),
    TaskId: event.taskId,
    Payload: event.payload,
  };
  // Serialised once: retries resend the same bytes, and the signature covers exactly them.
  const body = JSON.stringify({
    EventGroupId: event.eventGroupId,
    EventType: event.eventType,
    CallbackTs: at,
    EventInfo: eventInfo,
  });
  const key = target.key;
  world.dispatcher.send({
    product: event.product,
    event: String(event.eventType),
    url: target.url,
    taskId: event.taskId,
    policy: trtcRetryPolicy,
    build: () => ({
      headers: {
        'Content-Type': 'application/json',
        ...(key ? { Sign: signTrtcFamilyBody(body, key) } : {}),
        ...(event.sdkAppId !== undefined ? { SdkAppId: String(event.sdkAppId) } : {}),
      },
      body,
    }),
  });
}
