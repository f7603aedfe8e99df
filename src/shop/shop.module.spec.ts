import { loadConfig } from '../config/app-config.js';
import { StripePaymentGateway } from './payments/stripe.payment-gateway.js';
import { TestPaymentGateway } from './payments/test.payment-gateway.js';
import { createPaymentGateway } from './shop.module.js';

describe('Payment gateway selection', () => {
  it('charges through Stripe when a secret key is configured', () => {
    const config = loadConfig({
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_API_BASE_URL: 'http://127.0.0.1:12111',
    });
    expect(createPaymentGateway(config)).toBeInstanceOf(StripePaymentGateway);
  });

  it('falls back to the deterministic test gateway without a key', () => {
    expect(createPaymentGateway(loadConfig({ STRIPE_SECRET_KEY: '' }))).toBeInstanceOf(TestPaymentGateway);
  });

  it('refuses a currency that is not a lowercase ISO code at start', () => {
    expect(() => loadConfig({ SHOP_CURRENCY: 'Dollars' })).toThrow(/SHOP_CURRENCY/);
  });
});
