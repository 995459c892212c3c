import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it.each([
    ['too short', 'password', /at least 12/],
    ['eight digits', '12345678', /at least 12/],
    ['eleven characters', 'abcdefghijk', /at least 12/],
    ['common, twelve characters', 'qwerty123456', /most common/],
    ['common, in capitals', 'QWERTY123456', /most common/],
    ['common, keyboard walk', '1qaz2wsx3edc', /most common/],
    ['too long', 'x'.repeat(201), /at most 200/],
    ['not text', 42, /at least 12/],
  ])('refuses a weak password (%s)', (_case, password, problem) => {
    expect(passwordProblem(password)).toMatch(problem);
  });

  it('takes a long, uncommon password, counting characters not bytes', () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('пароль-юриста')).toBeNull();
  });
});
