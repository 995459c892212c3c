import { isPrivateAddress, webhookUrlProblem } from './webhook-address';

describe('webhook addresses', () => {
  const production = { production: true, allowPrivate: false };
  const development = { production: false, allowPrivate: false };

  it('takes a public https URL, and http outside production only', () => {
    expect(webhookUrlProblem('https://hooks.example.org/huquq', production)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.org/huquq', production)).toBe('must be https');
    expect(webhookUrlProblem('http://hooks.example.org/huquq', development)).toBeNull();
    expect(webhookUrlProblem('ftp://hooks.example.org/', development)).toBe('must be http or https');
    expect(webhookUrlProblem('https://user:pw@hooks.example.org/', production)).toMatch(/user name/);
  });

  it('refuses loopback, private, link-local and mapped addresses unless allowed', () => {
    for (const url of [
      'https://127.0.0.1/x',
      'https://10.1.2.3/x',
      'https://172.20.0.1/x',
      'https://192.168.1.1/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'https://[fd00::1]/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://localhost/x',
    ]) {
      expect(webhookUrlProblem(url, production)).not.toBeNull();
      expect(webhookUrlProblem(url, { production: true, allowPrivate: true })).toBeNull();
    }
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    expect(isPrivateAddress('2606:2800:220:1::')).toBe(false);
  });
});
