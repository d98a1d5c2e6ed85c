/**
 * Workflow history <-> canonical proto3 JSON (the format `temporal workflow show -o json` uses).
 * Why not @temporalio/common's historyToJSON/historyFromJSON: in this install @temporalio/common
 * and @temporalio/proto each carry their own nested protobufjs copy, and the common helpers
 * throw "type must be a Type" (the proto types come from the other copy). Using the protobufjs
 * copy that @temporalio/proto itself loads keeps types and serializer from one library.
 */
import { dirname } from 'node:path';
import type { temporal } from '@temporalio/proto';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = temporal.api.history.v1.IHistory;

interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): History;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved from @temporalio/proto's own location on purpose
const protojson = require(
  require.resolve('protobufjs/ext/protojson', { paths: [dirname(require.resolve('@temporalio/proto'))] }),
) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJson(history: History): string {
  return JSON.stringify(protojson.toJson(historyType, history), null, 2);
}

/** Tolerates fields a newer server or SDK may add. */
export function historyFromJson(text: string): History {
  return protojson.fromJson(historyType, JSON.parse(text), { ignoreUnknownFields: true });
}
