import { approximateAddress, clientAddressKey } from './client-address.js';

describe('clientAddressKey', () => {
  it('keeps IPv4 addresses, also when they arrive IPv4-mapped', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 clients per /64, however the address is written', () => {
    const key = '2001:db8:0:1::/64';
    expect(clientAddressKey('2001:db8:0:1::1')).toBe(key);
    expect(clientAddressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(key);
    expect(clientAddressKey('2001:db8:0:1:1:2:3.4.5.6')).toBe(key);
    expect(clientAddressKey('2001:db8::1:2:3.4.5.6')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('2001:db8:0:2::1')).not.toBe(key);
  });
});

describe('approximateAddress', () => {
  it('keeps the /24 of an IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(approximateAddress('203.0.113.7')).toBe('203.0.113.0/24');
    expect(approximateAddress('::ffff:203.0.113.7')).toBe('203.0.113.0/24');
  });

  it('keeps the /48 of an IPv6 address, however it is written', () => {
    expect(approximateAddress('2001:db8:7:1::1')).toBe('2001:db8:7::/48');
    expect(approximateAddress('2001:0db8:0007:ffff:ffff:ffff:ffff:ffff')).toBe('2001:db8:7::/48');
    expect(approximateAddress('fe80::1%eth0')).toBe('fe80:0:0::/48');
    expect(approximateAddress('::1')).toBe('0:0:0::/48');
  });

  it('is null for anything that is not an address', () => {
    expect(approximateAddress('')).toBeNull();
    expect(approximateAddress('not an address')).toBeNull();
  });
});
