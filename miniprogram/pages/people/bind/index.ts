/**
 * Binding: a person types (or scans) the 8-character invitation code the organisation
 * department gave them, and this WeChat becomes theirs (people.bind). Opened from the
 * invitation's QR code it arrives with `?code=`, and one tap on 绑定 is all that is left.
 */
import { call } from '../../../api/index';
import { errorText } from '../../../utils/answer';
import { CODE_LENGTH, codeFrom, normaliseCode } from '../../../utils/code';
import { goHome } from '../../../utils/nav';
import { roleLine } from '../../../utils/roles';

type Status = 'idle' | 'binding' | 'done';

Component({
  data: {
    code: '',
    status: 'idle' as Status,
    /** Set when the code came from the page's query or a scan. */
    fromQr: false,
    error: '',
    errorCode: '',
    /** After binding: who this WeChat now is. */
    name: '',
    roles: [] as string[],
  },

  methods: {
    onLoad(query: Record<string, string | undefined>): void {
      const code = codeFrom(query?.code) || codeFrom(query?.scene);
      if (code) this.setData({ code, fromQr: true });
    },

    onInput(e: WechatMiniprogram.Input): string {
      // Shown as the server reads it: capitals, no spaces.
      const code = normaliseCode(e.detail.value).slice(0, CODE_LENGTH);
      this.setData({ code, error: '', errorCode: '', fromQr: false });
      return code;
    },

    async onBind(): Promise<void> {
      if (this.data.status !== 'idle') return;
      const code = normaliseCode(this.data.code);
      if (code.length === 0) {
        this.setData({ error: '请先输入邀请码', errorCode: 'empty' });
        return;
      }
      if (code.length !== CODE_LENGTH) {
        this.setData({ error: `邀请码是 ${CODE_LENGTH} 位字母和数字，您输入了 ${code.length} 位，请核对`, errorCode: 'length' });
        return;
      }
      this.setData({ status: 'binding', error: '', errorCode: '' });
      const bound = await call('people.bind', { code });
      if (!bound.ok) {
        this.setData({ status: 'idle', error: errorText(bound, { code: '邀请码' }), errorCode: bound.code });
        return;
      }
      // people.me names the units of the roles (第一书记 · 十八洞村); bind alone gives the roles.
      const me = await call('people.me');
      const roles = me.ok ? me.data.roles.map(roleLine) : bound.data.roles.map((r) => roleLine(r));
      this.setData({ status: 'done', name: me.ok ? me.data.name : bound.data.name, roles });
    },

    onScan(): void {
      wx.scanCode({
        onlyFromCamera: true,
        success: (res) => {
          const code = codeFrom(res.path) || codeFrom(res.result);
          if (code) this.setData({ code, fromQr: true, error: '', errorCode: '' });
          else this.setData({ error: '没有识别到邀请码，请对准组织部门给您的二维码，或直接输入邀请码', errorCode: 'scan' });
        },
      });
    },

    onHome(): void {
      goHome();
    },
  },
});
