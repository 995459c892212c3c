import { ConfigError, loadConfig } from './app-config';
import { trustProxySetting } from './trust-proxy';

const SECRETS = {
  NODE_ENV: 'test',
  JWT_SECRET: 'x'.repeat(32),
  BLIND_INDEX_KEY: 'y'.repeat(32),
  HUQUQ_MASTER_KEY: 'A'.repeat(43),
};

describe('TRUST_PROXY', () => {
  it('is off unless set: the client is the connection peer', () => {
    expect(loadConfig({ ...SECRETS }).TRUST_PROXY).toBeUndefined();
    expect(trustProxySetting(undefined)).toBe(false);
    expect(trustProxySetting('false')).toBe(false);
  });

  it('takes a hop count or the proxies’ addresses and subnets', () => {
    expect(trustProxySetting(loadConfig({ ...SECRETS, TRUST_PROXY: '1' }).TRUST_PROXY)).toBe(1);
    expect(
      trustProxySetting(
        loadConfig({ ...SECRETS, TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.1' }).TRUST_PROXY,
      ),
    ).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1']);
  });

  it.each(['true', 'everyone', '10.0.0.0/33', '999.1.1.1', '11', '10.0.0.1/8/2'])(
    'refuses %s with one line naming the variable',
    (value) => {
      expect(() => loadConfig({ ...SECRETS, TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ...SECRETS, TRUST_PROXY: value })).toThrow(/TRUST_PROXY must be/);
    },
  );
});
