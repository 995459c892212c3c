import { ConfigError, loadConfig } from '@huquq/platform';

const SECRETS = {
  NODE_ENV: 'test',
  JWT_SECRET: 'j'.repeat(16) + 'K9x2Lm4Pq7Rs1Tv6',
  BLIND_INDEX_KEY: 'b'.repeat(16) + 'Z8y3Wn5Hc0Df2Gk7',
};

/** Finding: the service listened on every interface, with no way to say otherwise. */
describe('HOST: where the API listens', () => {
  it('is loopback unless set: nothing is offered to the network by accident', () => {
    expect(loadConfig({ ...SECRETS }).HOST).toBe('127.0.0.1');
  });

  it('takes any address to listen on, as a container needs', () => {
    expect(loadConfig({ ...SECRETS, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ ...SECRETS, HOST: '::' }).HOST).toBe('::');
  });

  it('refuses what is not an address, naming the setting', () => {
    expect(() => loadConfig({ ...SECRETS, HOST: 'all interfaces' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...SECRETS, HOST: 'all interfaces' })).toThrow(/HOST must be an IP address/);
  });
});
