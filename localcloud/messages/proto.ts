/**
 * The protobuf messages of `wx.openApi`, as `wx-server-sdk@4.0.2` bundles them
 * (`src/protobuf/openapi.js`, a protobufjs static module): same names, field numbers and types,
 * rebuilt here with protobufjs reflection so that both sides encode and decode alike. Besides
 * the envelope (`CommApiData`, `CommOpenApiResp`) they hold the one svrkit API served here,
 * `ApiGetOpenDataByCloudId` (`cloud.getOpenData`).
 */
import protobuf from 'protobufjs';

const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    HTTP_METHODS: { values: { HTTP_GET: 1, HTTP_POST: 2, HTTP_PUT: 3, HTTP_DELETE: 4, HTTP_HEAD: 5, HTTP_PATCH: 6 } },
    InnerApiData: {
      fields: {
        modid: { type: 'uint32', id: 1 },
        cmdid: { type: 'uint32', id: 2 },
        url: { type: 'string', id: 3 },
        useHttps: { type: 'bool', id: 4 },
        method: { type: 'HTTP_METHODS', id: 5 },
        headers: { rule: 'repeated', type: 'string', id: 6 },
        body: { type: 'bytes', id: 7 },
      },
    },
    SvrkitApiData: { fields: { apiName: { type: 'string', id: 1 }, reqData: { type: 'bytes', id: 2 } } },
    TokenApiData: { fields: { resourceAppid: { type: 'string', id: 1 }, resourceEnv: { type: 'string', id: 2 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'ApiType', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        innerData: { type: 'InnerApiData', id: 3 },
        svrkitData: { type: 'SvrkitApiData', id: 4 },
        tokenData: { type: 'TokenApiData', id: 5 },
        appid: { type: 'string', id: 6 },
      },
      nested: { ApiType: { values: { OPEN_API: 0, INNER_API: 1, SVRKIT_API: 2, TOKEN_API: 3 } } },
    },
    HttpHeader: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
        headers: { rule: 'repeated', type: 'HttpHeader', id: 5 },
        svrkitErrorCode: { type: 'int32', id: 6 },
      },
    },
    ApiGetOpenDataByCloudIdReq: {
      fields: {
        cloudidList: { rule: 'repeated', type: 'string', id: 2 },
        appid: { type: 'string', id: 3 },
      },
    },
    ApiGetOpenDataByCloudIdResp: {
      fields: { dataList: { rule: 'repeated', type: 'OpDataItem', id: 1 } },
      nested: { OpDataItem: { fields: { cloudId: { type: 'string', id: 1 }, json: { type: 'string', id: 2 } } } },
    },
  },
});

export const CommApiData = root.lookupType('CommApiData');
export const CommOpenApiResp = root.lookupType('CommOpenApiResp');
export const ApiGetOpenDataByCloudIdReq = root.lookupType('ApiGetOpenDataByCloudIdReq');
export const ApiGetOpenDataByCloudIdResp = root.lookupType('ApiGetOpenDataByCloudIdResp');

export const API_TYPE_OPEN_API = 0;
export const API_TYPE_SVRKIT_API = 2;

export interface KeyValuePair {
  key: string;
  value: Uint8Array;
  contenttype?: string;
  filename?: string;
}

export interface DecodedCommApiData {
  apiType: number;
  appid: string;
  /** The parameters of an OPEN_API call. */
  pairs: KeyValuePair[];
  /** The named request of a SVRKIT_API call (`svrkitData`), when there is one. */
  svrkit?: { apiName: string; reqData: Buffer };
}

/** Decodes the `requestData` part of a `wx.openApi` form. Throws on bytes that are not a CommApiData. */
export function decodeCommApiData(bytes: Uint8Array): DecodedCommApiData {
  const msg = CommApiData.decode(bytes);
  const obj = CommApiData.toObject(msg, { defaults: true, enums: Number, bytes: Array }) as {
    apiType: number;
    appid: string;
    openapiData?: { pairs?: { key: string; value: number[]; contenttype: string; filename: string }[] };
    svrkitData?: { apiName: string; reqData: number[] };
  };
  const pairs = (obj.openapiData?.pairs ?? []).map((p) => ({
    key: p.key,
    value: Uint8Array.from(p.value),
    ...(p.contenttype ? { contenttype: p.contenttype } : {}),
    ...(p.filename ? { filename: p.filename } : {}),
  }));
  const svrkit = obj.svrkitData ? { apiName: obj.svrkitData.apiName, reqData: Buffer.from(obj.svrkitData.reqData) } : undefined;
  return { apiType: obj.apiType, appid: obj.appid, pairs, ...(svrkit ? { svrkit } : {}) };
}

/** Encodes a CommApiData: the pairs of an OPEN_API call, or the `svrkit` request of a SVRKIT_API call. */
export function encodeCommApiData(data: { apiType?: number; appid?: string; pairs?: KeyValuePair[]; svrkit?: { apiName: string; reqData: Uint8Array } }): Buffer {
  const msg = CommApiData.fromObject({
    apiType: data.apiType ?? (data.svrkit ? API_TYPE_SVRKIT_API : API_TYPE_OPEN_API),
    ...(data.pairs ? { openapiData: { pairs: data.pairs } } : {}),
    ...(data.svrkit ? { svrkitData: data.svrkit } : {}),
    ...(data.appid ? { appid: data.appid } : {}),
  });
  return Buffer.from(CommApiData.encode(msg).finish());
}

export interface OpenApiResp {
  respData?: Uint8Array;
  contentType?: string;
  errorCode?: number;
  httpCode?: number;
  headers?: { key: string; value: string }[];
  /** Set by svrkit APIs; the SDK refuses an answer whose code is not 0. */
  svrkitErrorCode?: number;
}

export function encodeCommOpenApiResp(resp: OpenApiResp): Buffer {
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.fromObject(resp)).finish());
}

export function decodeCommOpenApiResp(bytes: Uint8Array): Required<Pick<OpenApiResp, 'contentType' | 'errorCode' | 'httpCode' | 'svrkitErrorCode'>> & { respData: Buffer; headers: { key: string; value: string }[] } {
  const obj = CommOpenApiResp.toObject(CommOpenApiResp.decode(bytes), { defaults: true, bytes: Array }) as {
    respData: number[]; contentType: string; errorCode: number; httpCode: number; headers: { key: string; value: string }[]; svrkitErrorCode: number;
  };
  return { respData: Buffer.from(obj.respData), contentType: obj.contentType, errorCode: obj.errorCode, httpCode: obj.httpCode, headers: obj.headers, svrkitErrorCode: obj.svrkitErrorCode };
}

/** One entry of `ApiGetOpenDataByCloudIdResp.dataList`: the cloudID and its open data as JSON text. */
export interface OpDataItem {
  cloudId: string;
  json: string;
}

/** Decodes `svrkitData.reqData` of `ApiGetOpenDataByCloudId`. Throws on bytes that are not one. */
export function decodeGetOpenDataReq(bytes: Uint8Array): { cloudidList: string[]; appid: string } {
  const obj = ApiGetOpenDataByCloudIdReq.toObject(ApiGetOpenDataByCloudIdReq.decode(bytes), { defaults: true, arrays: true }) as { cloudidList: string[]; appid: string };
  return { cloudidList: obj.cloudidList, appid: obj.appid };
}

export function encodeGetOpenDataReq(req: { cloudidList: string[]; appid?: string }): Buffer {
  return Buffer.from(ApiGetOpenDataByCloudIdReq.encode(ApiGetOpenDataByCloudIdReq.fromObject(req)).finish());
}

export function encodeGetOpenDataResp(dataList: OpDataItem[]): Buffer {
  return Buffer.from(ApiGetOpenDataByCloudIdResp.encode(ApiGetOpenDataByCloudIdResp.fromObject({ dataList })).finish());
}

export function decodeGetOpenDataResp(bytes: Uint8Array): OpDataItem[] {
  const obj = ApiGetOpenDataByCloudIdResp.toObject(ApiGetOpenDataByCloudIdResp.decode(bytes), { defaults: true, arrays: true }) as { dataList: OpDataItem[] };
  return obj.dataList;
}
