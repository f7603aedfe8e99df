import { assertUnlinkLeavesAWayIn } from './sign-in-methods.policy.js';

const codeOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('unlinking a provider leaves a way to sign in', () => {
  it('allows it while a password remains', () => {
    expect(
      codeOf(() => assertUnlinkLeavesAWayIn({ hasPassword: true, providers: ['github'] }, 'github')),
    ).toBe(undefined);
  });

  it('allows it while another provider remains', () => {
    const methods = { hasPassword: false, providers: ['github', 'google'] };
    expect(codeOf(() => assertUnlinkLeavesAWayIn(methods, 'google'))).toBe(undefined);
  });

  it('refuses the last way in with last_sign_in_method', () => {
    expect(
      codeOf(() => assertUnlinkLeavesAWayIn({ hasPassword: false, providers: ['google'] }, 'google')),
    ).toBe('last_sign_in_method');
  });

  it('answers identity_not_found for a provider that is not linked, whatever else the account has', () => {
    for (const methods of [
      { hasPassword: true, providers: [] },
      { hasPassword: false, providers: ['github'] },
    ]) {
      expect(codeOf(() => assertUnlinkLeavesAWayIn(methods, 'google'))).toBe('identity_not_found');
    }
  });
});
