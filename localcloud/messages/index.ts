/**
 * The local cloud's subscription messages: `cloud.openapi.subscribeMessage.send(...)` as the SDK
 * sends it, into an outbox that enforces WeChat's field rules and the one-grant-per-tap rule.
 *
 * The wire, read off `wx-server-sdk@4.0.2` and probed against a logging server:
 * - request: `POST /admin` as `multipart/form-data` with text fields `action=wx.openApi`,
 *   `apiName=subscribeMessage.send`, `envName`, … and a part `requestData`
 *   (`application/octet-stream`): a protobuf `CommApiData { apiType: OPEN_API, openapiData: { pairs } }`
 *   whose pairs hold each top-level parameter, keys converted to snake_case (`template_id`,
 *   `miniprogram_state`), values JSON-encoded;
 * - answer: the raw bytes of a protobuf `CommOpenApiResp { respData, contentType, errorCode,
 *   httpCode }`, served with an HTTP content type other than exactly
 *   `application/json; charset=utf-8` (that one makes the SDK parse the body as a CloudBase JSON
 *   error). `respData` holds WeChat's JSON answer (`{ errcode, errmsg }`), and the SDK throws a
 *   `CloudSDKError` with `errCode = errcode` and `errMsg = "openapi.subscribeMessage.send:fail <errmsg>"`
 *   for a non-zero errcode, exactly as it does with WeChat's real answers.
 *
 * `cloud.getOpenData({ list })` comes the same way (`apiName=ApiGetOpenDataByCloudId`) as a
 * `CommApiData { apiType: SVRKIT_API, svrkitData: { apiName, reqData } }`, `reqData` an
 * `ApiGetOpenDataByCloudIdReq { cloudidList (2) }`. It is answered with `svrkitErrorCode: 0` and
 * `respData` an `ApiGetOpenDataByCloudIdResp { dataList (1): { cloudId (1), json (2) } }`, one
 * item per cloudID, in order, whose `json` the SDK parses into `list`: `{ cloudID, data }`, or
 * `{ cloudID, errCode, errMsg }` for a cloudID that does not decode for the caller. The caller is
 * the invocation whose `WX_API_TOKEN` the form carries as `wxCloudApiToken`.
 */
import busboy from 'busboy';
import { randomBytes } from 'node:crypto';
import type { LocalClock } from '../clock';
import { type AdminAnswer, type AdminRequest, errorAnswer } from '../service';
import { checkTemplateData } from './fields';
import { GrantBank } from './grants';
import { API_TYPE_OPEN_API, API_TYPE_SVRKIT_API, decodeCommApiData, decodeGetOpenDataReq, encodeCommOpenApiResp, encodeGetOpenDataResp } from './proto';

export { checkTemplateData, fieldTypeOf, valueFits } from './fields';
export type { FieldType, FieldProblem } from './fields';
export { GrantBank } from './grants';

export type MiniprogramState = 'developer' | 'trial' | 'formal';

export interface SentMessage {
  /** Local-clock time of the send. */
  time: Date;
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState: MiniprogramState;
  lang: string;
}

export interface RejectedSend {
  time: Date;
  touser: unknown;
  templateId: unknown;
  page?: unknown;
  data?: unknown;
  errcode: number;
  /** WeChat's errmsg, with its ` rid: …` suffix. */
  errmsg: string;
}

/** WeChat's errcodes for `subscribeMessage.send`. */
export const ERRCODE = {
  /** invalid openid */
  INVALID_OPENID: 40003,
  /** invalid template_id */
  INVALID_TEMPLATE: 40037,
  /** user refuse to accept the msg (no grant left) */
  NO_GRANT: 43101,
  /** data format error */
  DATA_FORMAT: 47001,
  /** argument invalid! data.<key>.value invalid */
  ARGUMENT_INVALID: 47003,
} as const;

/** The SDK's code for an openapi it does not know (`WX_FUNCTIONS_SERVER_OPENAPI_NOT_FOUND`, "API not found"). */
export const OPENAPI_NOT_FOUND = -604100;
/** The SDK's `WX_API_PERMISSION_DENIED` ("api permission denied"): our answer to an unknown `wxCloudApiToken`. */
export const API_PERMISSION_DENIED = -601004;
/** The SDK's `WX_SYSTEM_ARGS_ERROR`, as the svrkit code of a request that does not decode. */
export const SYSTEM_ARGS_ERROR = -601002;

/** What a cloudID yields for a caller: its data, or why not (`errCode` -601005…-601007). */
export type CloudIdResult = { cloudID: string; data: unknown } | { cloudID: string; errCode: number; errMsg: string };

/** Where `getOpenData` finds who calls and what their cloudIDs hold (the function host). */
export interface OpenDataSource {
  /** The caller of the running invocation that holds this `WX_API_TOKEN`; undefined for any other token. */
  callerOf(token: string): { openid: string } | undefined;
  /** Decodes the cloudIDs of one call for that caller (one result each, in order). */
  openData(cloudIds: string[], openid: string): CloudIdResult[];
}

const STATES: readonly MiniprogramState[] = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];
/** WeChat's own header for its JSON answers (the SDK only checks that it mentions application/json). */
const WX_JSON = 'application/json; encoding=utf-8';
/** The content type that makes the SDK read a `wx.openApi` answer as a CloudBase JSON error. */
const TCB_JSON = 'application/json; charset=utf-8';

interface WxAnswer {
  errcode: number;
  errmsg: string;
}

export class LocalMessages {
  private readonly clock: LocalClock;
  private readonly bank = new GrantBank();
  private readonly sent: SentMessage[] = [];
  private readonly refused: RejectedSend[] = [];
  private readonly source: OpenDataSource | undefined;

  constructor(opts: { clock: LocalClock; openData?: OpenDataSource }) {
    this.clock = opts.clock;
    this.source = opts.openData;
  }

  /** A user's accepted tap on `wx.requestSubscribeMessage` for this template (`count` taps at once). */
  grant(openid: string, templateId: string, count = 1): void {
    this.bank.grant(openid, templateId, count);
  }

  grants(openid: string, templateId: string): number {
    return this.bank.grants(openid, templateId);
  }

  outbox(): SentMessage[] {
    return this.sent.map((m) => ({ ...m, time: new Date(m.time), data: structuredClone(m.data) }));
  }

  rejected(): RejectedSend[] {
    return this.refused.map((r) => ({ ...r, time: new Date(r.time) }));
  }

  reset(): void {
    this.bank.reset();
    this.sent.length = 0;
    this.refused.length = 0;
  }

  async handle(req: AdminRequest): Promise<AdminAnswer> {
    if (req.action !== 'wx.openApi') return tcbError('INVALID_ACTION', `the local cloud does not serve ${req.action}`);
    let form: OpenApiForm;
    try {
      form = await parseOpenApiForm(req.raw, String(req.headers['content-type'] ?? ''));
    } catch (e) {
      return tcbError('INVALID_PARAM', `malformed wx.openApi form: ${(e as Error).message}`);
    }
    if (!form.requestData) return tcbError('INVALID_PARAM', 'wx.openApi: requestData is missing');
    let params: Record<string, unknown>;
    try {
      const decoded = decodeCommApiData(form.requestData);
      if (decoded.apiType === API_TYPE_SVRKIT_API && form.apiName === 'ApiGetOpenDataByCloudId' && decoded.svrkit?.apiName === form.apiName && this.source) {
        return this.getOpenData(form.fields.wxCloudApiToken ?? '', decoded.svrkit.reqData, this.source);
      }
      if (decoded.apiType !== API_TYPE_OPEN_API) return openApiAnswer({ errorCode: OPENAPI_NOT_FOUND });
      params = {};
      for (const p of decoded.pairs) params[p.key] = JSON.parse(Buffer.from(p.value).toString('utf8'));
    } catch {
      return wxAnswer({ errcode: ERRCODE.DATA_FORMAT, errmsg: withRid('data format error') });
    }
    switch (form.apiName) {
      case 'subscribeMessage.send':
        return wxAnswer(this.send(params));
      default:
        // Only subscribeMessage.send is served; any other openapi is "API not found".
        return openApiAnswer({ errorCode: OPENAPI_NOT_FOUND });
    }
  }

  /**
   * One `cloud.getOpenData`: the caller comes from the invocation's token (an unknown or spent
   * token is refused as a whole); each cloudID then yields its data or its own error.
   */
  private getOpenData(token: string, reqData: Buffer, source: OpenDataSource): AdminAnswer {
    const caller = token ? source.callerOf(token) : undefined;
    if (!caller) return openApiAnswer({ errorCode: API_PERMISSION_DENIED });
    let cloudIds: string[];
    try {
      cloudIds = decodeGetOpenDataReq(reqData).cloudidList;
    } catch {
      return openApiAnswer({ errorCode: 0, svrkitErrorCode: SYSTEM_ARGS_ERROR });
    }
    const results = source.openData(cloudIds, caller.openid);
    const respData = encodeGetOpenDataResp(results.map((r) => ({ cloudId: r.cloudID, json: JSON.stringify(r) })));
    return openApiAnswer({ respData, errorCode: 0, svrkitErrorCode: 0 });
  }

  /**
   * One `subscribeMessage.send`, with WeChat's checks in this order: recipient (40003), template
   * (40037), state and language (47001), data (47003), and last the grant (43101), so a refused
   * send never spends a grant.
   */
  private send(p: Record<string, unknown>): WxAnswer {
    const time = this.clock.now();
    const refuse = (errcode: number, msg: string): WxAnswer => {
      const errmsg = withRid(msg);
      this.refused.push({ time, touser: p.touser, templateId: p.template_id, page: p.page, data: p.data, errcode, errmsg });
      return { errcode, errmsg };
    };
    const { touser, template_id: templateId, page, data } = p;
    // An openid is a short URL-safe token (28 characters on WeChat); anything else is not one.
    if (typeof touser !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(touser)) return refuse(ERRCODE.INVALID_OPENID, 'invalid openid');
    if (typeof templateId !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(templateId)) return refuse(ERRCODE.INVALID_TEMPLATE, 'invalid template_id');
    const state = p.miniprogram_state ?? 'formal';
    // WeChat documents developer|trial|formal (default formal); its errcode for another value is a guess.
    if (typeof state !== 'string' || !STATES.includes(state as MiniprogramState)) return refuse(ERRCODE.DATA_FORMAT, 'data format error: invalid miniprogram_state');
    const lang = p.lang ?? 'zh_CN';
    if (typeof lang !== 'string' || !LANGS.includes(lang)) return refuse(ERRCODE.DATA_FORMAT, 'data format error: invalid lang');
    if (page !== undefined && (typeof page !== 'string' || page.length > 1024)) return refuse(ERRCODE.DATA_FORMAT, 'data format error: invalid page');
    const problem = checkTemplateData(data);
    if (problem) return refuse(ERRCODE.ARGUMENT_INVALID, problem.errmsg);
    if (!this.bank.consume(touser, templateId)) return refuse(ERRCODE.NO_GRANT, 'user refuse to accept the msg');
    const copy: Record<string, { value: string }> = {};
    for (const [k, v] of Object.entries(data as Record<string, { value: string }>)) copy[k] = { value: v.value };
    this.sent.push({
      time,
      touser,
      templateId,
      ...(page !== undefined ? { page: page as string } : {}),
      data: copy,
      miniprogramState: state as MiniprogramState,
      lang,
    });
    return { errcode: 0, errmsg: 'ok' };
  }
}

// ---- wire helpers ---------------------------------------------------------------------------------

/** WeChat ends every error message with ` rid: <request id>`. */
function withRid(msg: string): string {
  const h = randomBytes(12).toString('hex');
  return `${msg} rid: ${h.slice(0, 8)}-${h.slice(8, 16)}-${h.slice(16, 24)}`;
}

function openApiAnswer(resp: { respData?: Buffer; contentType?: string; errorCode?: number; httpCode?: number; svrkitErrorCode?: number }): AdminAnswer {
  return {
    status: 200,
    headers: { 'content-type': 'application/octet-stream' },
    body: encodeCommOpenApiResp({ httpCode: 200, ...resp }),
  };
}

/** WeChat's JSON answer wrapped in a CommOpenApiResp, as the CloudBase gateway relays it. */
function wxAnswer(answer: WxAnswer): AdminAnswer {
  return openApiAnswer({ respData: Buffer.from(JSON.stringify(answer)), contentType: WX_JSON, errorCode: 0 });
}

/** A CloudBase-level error (`{ code, message }`), with the one content type that makes the SDK read it as JSON. */
function tcbError(code: string, message: string): AdminAnswer {
  return { ...errorAnswer(code, message), headers: { 'content-type': TCB_JSON } };
}

export interface OpenApiForm {
  fields: Record<string, string>;
  apiName?: string;
  requestData?: Buffer;
}

/** Parses the multipart body of a `wx.openApi` call (text fields, and `requestData` as bytes). */
export function parseOpenApiForm(raw: Buffer, contentType: string): Promise<OpenApiForm> {
  return new Promise((resolve, reject) => {
    const form: OpenApiForm = { fields: {} };
    let bb: busboy.Busboy;
    try {
      // Text fields are read as latin1 and turned back into bytes, so that a part sent without a
      // content type (bytes arriving as a "field") survives unchanged.
      bb = busboy({ headers: { 'content-type': contentType }, defCharset: 'latin1', limits: { fileSize: 1024 * 1024, fieldSize: 1024 * 1024 } });
    } catch (e) {
      reject(e as Error);
      return;
    }
    const rawFields: Record<string, string> = {};
    bb.on('field', (name, value) => {
      rawFields[name] = value;
      form.fields[name] = Buffer.from(value, 'latin1').toString('utf8');
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (name === 'requestData') form.requestData = Buffer.concat(chunks);
      });
    });
    bb.on('close', () => {
      form.apiName = form.fields.apiName;
      // A part without a content type arrives as a text field.
      if (!form.requestData && rawFields.requestData !== undefined) form.requestData = Buffer.from(rawFields.requestData, 'latin1');
      resolve(form);
    });
    bb.on('error', (e) => reject(e as Error));
    bb.end(raw);
  });
}
