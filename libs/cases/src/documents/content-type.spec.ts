import { contentTypeOf } from './content-type';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('a document type, from its content', () => {
  it.each([
    ['PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n', 'latin1'), 'application/pdf'],
    ['JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg'],
    ['PNG', png, 'image/png'],
    [
      'HEIC',
      Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic')]),
      'image/heic',
    ],
    [
      'DOCX',
      Buffer.from(
        'PK\x03\x04' + '\0'.repeat(26) + '[Content_Types].xml...PK\x03\x04 word/document.xml',
        'latin1',
      ),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    [
      'ODT',
      Buffer.from(
        'PK\x03\x04' + '\0'.repeat(26) + 'mimetypeapplication/vnd.oasis.opendocument.text',
        'latin1',
      ),
      'application/vnd.oasis.opendocument.text',
    ],
    ['UTF-8 text', Buffer.from('Решение суда\r\nот 1 мая\tг.\n'), 'text/plain; charset=utf-8'],
  ])('%s', (_name, bytes, type) => expect(contentTypeOf(bytes)).toBe(type));

  it.each([
    ['a Windows executable', Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1')],
    ['an ELF executable', Buffer.from('\x7fELF\x02\x01\x01\0', 'latin1')],
    ['a plain ZIP archive', Buffer.from('PK\x03\x04' + '\0'.repeat(26) + 'payload.exe', 'latin1')],
    ['text that is not UTF-8', Buffer.from([0x48, 0xe9, 0x6c, 0x6c, 0x6f, 0x20, 0xff])],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => expect(contentTypeOf(bytes)).toBeNull());
});
