import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ParseIdPipe } from '../../common/http/parse-id.pipe.js';
import { PageQuery, pageWindow, presentPage } from '../../common/http/page.query.js';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiCreated, ApiOk } from '../../common/openapi/api-success.decorator.js';
import { ShopError } from '../shop.errors.js';
import { OrderPresenter, OrderResponse, OrderResponsePage } from './order.presenter.js';
import { OrdersService } from './orders.service.js';

@ApiTags('shop')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiOperation({
    summary: 'Pay for the cart',
    description:
      '201 with the paid order; 402 payment_failed when declined (the cart is kept); 422 cart_empty; ' +
      '503 payment_unavailable. With Idempotency-Key, a repeat of the same request answers the first ' +
      "request's result (201 with the same order, or 402) without charging again, 409 idempotency_in_progress " +
      'while the first is still being charged, and 422 idempotency_key_reused for another body or cart.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Up to 255 printable ASCII characters.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
  })
  @ApiCreated(OrderResponse, {
    get: { operation: 'OrdersController_get', parameters: { id: '$response.body#/id' } },
  })
  @ApiErrors(
    ShopError,
    'invalid_idempotency_key',
    'payment_failed',
    'cart_changed',
    'checkout_in_progress',
    'idempotency_in_progress',
    'cart_empty',
    'idempotency_key_reused',
    'order_total_too_large',
    'payment_unavailable',
  )
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<OrderResponse> {
    const order = await this.orders.checkout({
      userId: user.id,
      idempotencyKey,
      expectedTotalCents: body?.expected_total_cents,
    });
    return OrderPresenter.present(order);
  }

  @Get()
  @ApiOperation({ summary: "The caller's orders, newest first" })
  @ApiOk(OrderResponsePage)
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponsePage> {
    reply.header('cache-control', 'private, no-cache');
    return presentPage(query, await this.orders.list(user.id, pageWindow(query)), OrderPresenter.present);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your orders' })
  @ApiOk(OrderResponse)
  @ApiErrors(ShopError, 'not_found')
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseIdPipe) id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponse> {
    reply.header('cache-control', 'private, no-cache');
    return OrderPresenter.present(await this.orders.get(user.id, id));
  }
}
