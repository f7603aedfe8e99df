import { imageTypeOfName, sanitizeFileName } from './upload-rules.js';

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd.png', 'passwd.png'],
    ['..\\..\\windows\\win.ini.jpg', 'win.ini.jpg'],
    ['.hidden.png', 'hidden.png'],
    ['my  holiday\tphoto.JPG', 'my holiday photo.JPG'],
    ['<img src=x onerror=alert(1)>.png', '_img src_x onerror_alert(1)_.png'],
    ['a/<script>.png', '_script_.png'],
    ['nul\u0000byte\u202e.png', 'nulbyte.png'],
    ['Ünïcödé café.jpeg', 'Ünïcödé café.jpeg'],
    ['../', 'file'],
    ['', 'file'],
  ])('%j → %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('shortens long names to 200 characters and keeps the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(500)}.png`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe('imageTypeOfName', () => {
  it.each([
    ['a.png', 'image/png'],
    ['a.PNG', 'image/png'],
    ['a.jpg', 'image/jpeg'],
    ['a.jpeg', 'image/jpeg'],
    ['a.gif', undefined],
    ['a.png.exe', undefined],
    ['png', undefined],
  ])('%j → %j', (name, type) => {
    expect(imageTypeOfName(name)).toBe(type);
  });
});
