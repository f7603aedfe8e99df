import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../../auth/auth.decorators.js';
import { PageQuery, pageWindow, presentPage } from '../../common/http/page.query.js';
import { CreateProductDto } from './dto/create-product.dto.js';
import { ApiCreated, ApiOk } from '../../common/openapi/api-success.decorator.js';
import { ProductPresenter, ProductResponse, ProductResponsePage } from './product.presenter.js';
import { ProductsService } from './products.service.js';

@ApiTags('shop')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Products on sale, oldest first, one page at a time' })
  @ApiOk(ProductResponsePage)
  async list(@Query() query: PageQuery): Promise<ProductResponsePage> {
    const page = await this.products.listActive(pageWindow(query));
    return presentPage(query, page, ProductPresenter.present);
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Add a product (admin)' })
  @ApiCreated(ProductResponse)
  async create(@Body() body: CreateProductDto): Promise<ProductResponse> {
    const product = await this.products.create({
      name: body.name,
      description: body.description,
      priceCents: body.price_cents,
    });
    return ProductPresenter.present(product);
  }
}
