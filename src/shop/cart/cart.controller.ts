import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser } from '../../auth/auth.decorators.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ParseIdPipe } from '../../common/http/parse-id.pipe.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiOk } from '../../common/openapi/api-success.decorator.js';
import { ShopError } from '../shop.errors.js';
import { CartPresenter, CartResponse } from './cart.presenter.js';
import { CartService } from './cart.service.js';
import { AddCartItemDto } from './dto/add-cart-item.dto.js';
import { SetCartItemQuantityDto } from './dto/set-cart-item-quantity.dto.js';

/** The caller's own cart. Every mutation answers the whole cart, so clients never compute totals. */
@ApiTags('shop')
@Controller('cart')
export class CartController {
  constructor(private readonly cart: CartService) {}

  @Get()
  @ApiOperation({ summary: 'The cart with server-computed total_cents' })
  @ApiOk(CartResponse)
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CartResponse> {
    reply.header('cache-control', 'private, no-cache');
    return CartPresenter.present(await this.cart.get(user.id));
  }

  @Post('items')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a quantity (default 1) of a product; 404 if it is not on sale' })
  @ApiOk(CartResponse)
  @ApiErrors(ShopError, 'not_found', 'cart_quantity_limit')
  async add(@CurrentUser() user: AuthenticatedUser, @Body() body: AddCartItemDto): Promise<CartResponse> {
    return CartPresenter.present(await this.cart.add(user.id, body.product_id, body.quantity ?? 1));
  }

  @Patch('items/:product_id')
  @ApiOperation({ summary: 'Set the quantity of a line already in the cart' })
  @ApiOk(CartResponse)
  @ApiErrors(ShopError, 'not_found')
  async setQuantity(
    @CurrentUser() user: AuthenticatedUser,
    @Param('product_id', ParseIdPipe) productId: number,
    @Body() body: SetCartItemQuantityDto,
  ): Promise<CartResponse> {
    return CartPresenter.present(await this.cart.setQuantity(user.id, productId, body.quantity));
  }

  @Delete('items/:product_id')
  @ApiOperation({ summary: 'Remove a line (idempotent); answers the remaining cart' })
  @ApiOk(CartResponse)
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('product_id', ParseIdPipe) productId: number,
  ): Promise<CartResponse> {
    return CartPresenter.present(await this.cart.remove(user.id, productId));
  }
}
