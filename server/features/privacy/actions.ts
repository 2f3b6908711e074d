/** 我的个人信息: what is held about the caller, and who looked at it (PIPL). */
import { action } from '../../kernel/action';
import { MyDataInput } from './schema';
import { myData } from './service';

/**
 * Everything held about the caller, by their OPENID alone: any WeChat user may ask (a villager
 * is usually no bound person), and learns only about themselves.
 */
export const myDataAction = action({
  name: 'privacy.myData',
  roles: 'public',
  input: MyDataInput,
  run: (ctx, input) => myData(ctx.caller, ctx.now, input),
});

export const privacyActions = [myDataAction] as const;
