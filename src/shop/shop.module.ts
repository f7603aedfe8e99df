// Owns the shop: products, carts, orders and payments, and the choice of payment gateway.
import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CartController } from './cart/cart.controller.js';
import { CartService } from './cart/cart.service.js';
import { OrdersController } from './orders/orders.controller.js';
import { OrdersRepository } from './orders/orders.repository.js';
import { OrdersService } from './orders/orders.service.js';
import { PaymentGateway } from './payments/payment-gateway.js';
import { StripePaymentGateway } from './payments/stripe.payment-gateway.js';
import { TestPaymentGateway } from './payments/test.payment-gateway.js';
import { ProductsController } from './products/products.controller.js';
import { ProductsService } from './products/products.service.js';

/** Stripe when STRIPE_SECRET_KEY is set, else the deterministic test gateway. */
export function createPaymentGateway(config: AppConfig): PaymentGateway {
  if (config.shop.stripe) return new StripePaymentGateway(config.shop.stripe);
  if (config.isProduction) {
    new Logger('ShopModule').warn(
      'STRIPE_SECRET_KEY is unset: orders are paid by the test gateway, not charged',
    );
  }
  return new TestPaymentGateway();
}

// Talks to the payment provider only through PaymentGateway, and to no other feature's tables.
@Module({
  controllers: [ProductsController, CartController, OrdersController],
  providers: [
    ProductsService,
    CartService,
    OrdersRepository,
    OrdersService,
    { provide: PaymentGateway, useFactory: createPaymentGateway, inject: [APP_CONFIG] },
  ],
  // For account deletion (src/account/lifecycle).
  exports: [OrdersRepository],
})
export class ShopModule {}
