/** The failures of the way to the backend, and what a person is told about them. */

export type TransportFailure = 'offline' | 'timeout' | 'server' | 'bad_answer';

/** A transport's rejection that says what kind of failure it was. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    detail?: string,
  ) {
    super(detail ?? kind);
    this.name = 'TransportError';
  }
}

/** The code of every answer the client makes up itself because the call did not get through. */
export const NETWORK_ERROR = 'network';

export const TRANSPORT_MESSAGES: Record<TransportFailure, string> = {
  offline: '网络不畅，请检查网络后重试',
  timeout: '网络超时，请稍后重试',
  server: '服务暂时不可用，请稍后重试',
  bad_answer: '服务返回的内容无法识别，请稍后重试',
};
