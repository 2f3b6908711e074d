import { checkTemplateData, fieldTypeOf, valueFits, type FieldType } from './fields';

describe('fieldTypeOf', () => {
  it.each([
    ['thing1', 'thing'], ['thing12', 'thing'], ['character_string3', 'character_string'], ['phone_number2', 'phone_number'],
    ['car_number9', 'car_number'], ['time4', 'time'], ['date5', 'date'], ['amount6', 'amount'], ['name7', 'name'],
    ['phrase8', 'phrase'], ['number01', 'number'], ['letter1', 'letter'], ['symbol1', 'symbol'], ['enum1', 'enum'],
  ])('%s is a %s', (key, type) => {
    expect(fieldTypeOf(key)).toBe(type);
  });

  it.each(['thing', 'title1', 'Thing1', 'thing_1', 'characterString1', '1thing', ''])('%s is no template key', (key) => {
    expect(fieldTypeOf(key)).toBeUndefined();
  });
});

/** [type, accepted values, refused values] */
const CASES: [FieldType, string[], string[]][] = [
  ['thing', ['x', '一二三四五六七八九十一二三四五六七八九十', 'Room 3, 2nd floor!', 'a'.repeat(20)],
    ['a'.repeat(21), '一二三四五六七八九十一二三四五六七八九十一', 'line\nbreak', 'tab\there', '😀'.repeat(11)]],
  ['number', ['0', '12', '3.14', '9'.repeat(32), `${'9'.repeat(30)}.5`], ['9'.repeat(33), '-1', '1e5', '1,000', '1.', '.5', '１２']],
  ['letter', ['a', 'Z'.repeat(32)], ['Z'.repeat(33), 'ab1', 'a b', 'é']],
  ['symbol', ['!', '!@#%&', '【】', '·'], ['!@#%&*', 'a', '1', '中', ' ', '!!\n']],
  ['character_string', ['ORD-2026_0001', 'a'.repeat(32), 'A1!@#$%^&*()'], ['a'.repeat(33), '订单1', 'a b', 'ｆｕｌｌ']],
  ['amount', ['¥100', '￥12.50', '$3', '100元', '¥1234567890', '12345678.90元', '0.5'], ['¥12345678901', '¥1.234', '¥-1', 'RMB100', '100 元', '¥¥1']],
  ['phone_number', ['+86-0766-66888866', '13800138000', '(0766)6688', '1'.repeat(17)], ['1'.repeat(18), '138 0013 8000', 'tel:138', '+-()', '一三八']],
  ['car_number', ['粤A8Z888挂', '京A12345', 'AB12345', '粤B12345D'], ['粤A8Z8888挂', '粤', '粤京A123', 'A-12345', '粤A 12345']],
  ['name', ['张三', '欧阳娜娜', '一二三四五六七八九十', 'John Smith', 'Mary-Jane O.', 'Ab'.repeat(10), '张三Li'],
    ['一二三四五六七八九十一', 'Ab'.repeat(10) + 'c', '张三1', 'R2D2', ' 张三', '张\n三']],
  ['phrase', ['配送中', '已完成', '一二三四五'], ['一二三四五六', '已完成!', 'done', '配 送', '第1名']],
  ['time', ['15:01', '15:01:59', '2019年10月1日 15:01', '2019年10月1日', '2019-10-01 15:01', '15:01~16:30', '2019年10月1日 15:01 ~ 2019年10月1日 16:00', '10月1日 08:00'],
    ['15:1', '5:01', '24:00', '15:60', '15:01:60', '2019年10月1日15:01', '2019-13-01', '2019-02-29', '15:01~', '15:01~16:00~17:00', 'now']],
  ['date', ['2019年10月1日', '2019年10月', '10月1日', '2018-01-01', '2018/01/01', '2018.01.01', '2018-01', '01-01', '2024-02-29', '2018-1-1'],
    ['2018-01/01', '2023-02-29', '10月', '2018', '2018年', '32-01', '2018-00-10', '18-01-01x']],
];

describe.each(CASES)('%s values', (type, good, bad) => {
  it.each(good)(`accepts %s`, (v) => {
    expect(valueFits(type, v)).toBe(true);
  });
  it.each(bad)(`refuses %s`, (v) => {
    expect(valueFits(type, v)).toBe(false);
  });
});

describe('checkTemplateData', () => {
  it('accepts a well-formed data object', () => {
    expect(checkTemplateData({ thing1: { value: '值班' }, time2: { value: '2026年3月2日 09:30' } })).toBeUndefined();
  });

  it('names the first bad key as WeChat does', () => {
    expect(checkTemplateData({ thing1: { value: '好' }, phrase2: { value: '太长了的短语' } })).toEqual({ key: 'phrase2', errmsg: 'argument invalid! data.phrase2.value invalid' });
    expect(checkTemplateData({ thing1: { value: '' } })).toEqual({ key: 'thing1', errmsg: 'argument invalid! data.thing1.value is empty' });
    expect(checkTemplateData({ thing1: 'no value object' })).toEqual({ key: 'thing1', errmsg: 'argument invalid! data.thing1.value is empty' });
    expect(checkTemplateData({ thing1: { value: 3 } })?.errmsg).toBe('argument invalid! data.thing1.value invalid');
    expect(checkTemplateData({ remark: { value: 'x' } })?.errmsg).toBe('argument invalid! data.remark invalid');
  });

  it.each([undefined, null, 'x', [], {}])('refuses %p as data', (data) => {
    expect(checkTemplateData(data)?.errmsg).toBe('argument invalid! data is empty');
  });
});
