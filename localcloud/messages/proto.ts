/**
 * The protobuf messages of `wx.openApi`, as `wx-server-sdk@4.0.2` bundles them
 * (`src/protobuf/openapi.js`, a protobufjs static module): same names, field numbers and types,
 * rebuilt here with protobufjs reflection so that both sides encode and decode alike.
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
  },
});

export const CommApiData = root.lookupType('CommApiData');
export const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export const API_TYPE_OPEN_API = 0;

export interface KeyValuePair {
  key: string;
  value: Uint8Array;
  contenttype?: string;
  filename?: string;
}

export interface DecodedCommApiData {
  apiType: number;
  appid: string;
  pairs: KeyValuePair[];
}

/** Decodes the `requestData` part of a `wx.openApi` form. Throws on bytes that are not a CommApiData. */
export function decodeCommApiData(bytes: Uint8Array): DecodedCommApiData {
  const msg = CommApiData.decode(bytes);
  const obj = CommApiData.toObject(msg, { defaults: true, enums: Number, bytes: Array }) as {
    apiType: number;
    appid: string;
    openapiData?: { pairs?: { key: string; value: number[]; contenttype: string; filename: string }[] };
  };
  const pairs = (obj.openapiData?.pairs ?? []).map((p) => ({
    key: p.key,
    value: Uint8Array.from(p.value),
    ...(p.contenttype ? { contenttype: p.contenttype } : {}),
    ...(p.filename ? { filename: p.filename } : {}),
  }));
  return { apiType: obj.apiType, appid: obj.appid, pairs };
}

export function encodeCommApiData(data: { apiType?: number; appid?: string; pairs: KeyValuePair[] }): Buffer {
  const msg = CommApiData.fromObject({ apiType: data.apiType ?? API_TYPE_OPEN_API, openapiData: { pairs: data.pairs }, ...(data.appid ? { appid: data.appid } : {}) });
  return Buffer.from(CommApiData.encode(msg).finish());
}

export interface OpenApiResp {
  respData?: Uint8Array;
  contentType?: string;
  errorCode?: number;
  httpCode?: number;
  headers?: { key: string; value: string }[];
}

export function encodeCommOpenApiResp(resp: OpenApiResp): Buffer {
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.fromObject(resp)).finish());
}

export function decodeCommOpenApiResp(bytes: Uint8Array): Required<Pick<OpenApiResp, 'contentType' | 'errorCode' | 'httpCode'>> & { respData: Buffer; headers: { key: string; value: string }[] } {
  const obj = CommOpenApiResp.toObject(CommOpenApiResp.decode(bytes), { defaults: true, bytes: Array }) as {
    respData: number[]; contentType: string; errorCode: number; httpCode: number; headers: { key: string; value: string }[];
  };
  return { respData: Buffer.from(obj.respData), contentType: obj.contentType, errorCode: obj.errorCode, httpCode: obj.httpCode, headers: obj.headers };
}
