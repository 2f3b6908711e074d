/** The villager's pages' helpers: the server's refusals by field, counting characters, unit names said once, opening attachments. */
import { ATTACHMENT_MESSAGES, isImage, openAttachment } from '../notice/attachment';
import { charCount, fieldErrors, fieldOf, unitText } from './villager';

it('puts each server issue next to its field', () => {
  expect(fieldOf('text')).toBe('text');
  expect(fieldOf('photoFileIds.2')).toBe('photos');
  expect(fieldOf('contact.name')).toBe('contactName');
  expect(fieldOf('contact.phone')).toBe('contactPhone');
  expect(fieldOf('about.name')).toBe('about');
  expect(fieldOf('clientId')).toBeNull();
  expect(fieldErrors({ ok: false, code: 'invalid_input', message: '提交的内容不符合要求，请检查后重试', issues: [{ path: 'text', message: '最多1000字' }, { path: 'text', message: '另一条' }, { path: 'contact.phone', message: '请输入11位手机号码' }] })).toEqual({ text: '最多1000字', contactPhone: '请输入11位手机号码' });
  // A photo not found in the villager's folder comes without an issue path.
  expect(fieldErrors({ ok: false, code: 'invalid_input', message: '照片未上传成功，请重新选择照片' })).toEqual({ photos: '照片未上传成功，请重新选择照片' });
  expect(fieldErrors({ ok: false, code: 'not_villager', message: '请从本村的村群卡片打开小程序' })).toEqual({});
});

it('counts what a person typed, an emoji as one character', () => {
  expect(charCount('  路灯坏了  ')).toBe(4);
  expect(charCount('路灯坏了👍')).toBe(5);
});

it('says a department’s place once', () => {
  expect(unitText('花垣县花垣县民政局')).toBe('花垣县民政局');
  expect(unitText('双龙镇双龙镇人民政府')).toBe('双龙镇人民政府');
  expect(unitText('花垣县民政局')).toBe('花垣县民政局');
  expect(unitText('十八洞村')).toBe('十八洞村');
  expect(unitText('')).toBe('');
});

describe('openAttachment', () => {
  const g = globalThis as unknown as { wx: unknown };
  const saved = g.wx;
  afterEach(() => {
    g.wx = saved;
  });

  it('previews pictures among the notice’s pictures, and refuses what the phone cannot open', async () => {
    const previewImage = jest.fn();
    const showToast = jest.fn();
    g.wx = { previewImage, showToast };
    const all = [{ name: 'a.JPG', url: 'https://x/a' }, { name: 'b.pdf', url: 'https://x/b' }, { name: 'c.png', url: 'https://x/c' }, { name: 'd.zip', url: 'https://x/d' }];
    expect(isImage('a.JPG')).toBe(true);
    expect(await openAttachment(all[2]!, all)).toBe(true);
    expect(previewImage).toHaveBeenCalledWith({ urls: ['https://x/a', 'https://x/c'], current: 'https://x/c' });
    expect(await openAttachment(all[3]!, all)).toBe(false);
    expect(showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: ATTACHMENT_MESSAGES.unknownType }));
    expect(await openAttachment({ name: 'e.pdf', url: '' }, all)).toBe(false);
    expect(showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: ATTACHMENT_MESSAGES.linkExpired }));
  });

  it('downloads a document and opens it, and says so when the link has expired', async () => {
    const openDocument = jest.fn((o: { success: () => void }) => o.success());
    const showToast = jest.fn();
    let status = 200;
    g.wx = {
      env: { USER_DATA_PATH: 'wxfile://usr' },
      showLoading: jest.fn(),
      hideLoading: jest.fn(),
      showToast,
      openDocument,
      downloadFile: (o: { url: string; filePath: string; success: (r: unknown) => void }) => o.success({ statusCode: status, filePath: o.filePath }),
    };
    expect(await openAttachment({ name: '4月 收支.xlsx', url: 'https://x/b' }, [])).toBe(true);
    expect(openDocument).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'wxfile://usr/4月_收支.xlsx', fileType: 'xlsx', showMenu: true }));
    status = 403;
    expect(await openAttachment({ name: 'b.pdf', url: 'https://x/b' }, [])).toBe(false);
    expect(showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: ATTACHMENT_MESSAGES.linkExpired }));
  });
});
