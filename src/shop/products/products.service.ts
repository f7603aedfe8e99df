import { Injectable } from '@nestjs/common';
import type { Product } from '../../generated/prisma/client.js';
import { type Page, type PageWindow, paginate } from '../../infra/database/paginate.js';
import { PrismaService } from '../../infra/database/prisma.service.js';

export interface ProductInput {
  name: string;
  description?: string;
  priceCents: number;
}

/** The catalogue. Withdrawn products (active = false) are invisible to customers and cannot be bought. */
@Injectable()
export class ProductsService {
  constructor(private readonly prisma: PrismaService) {}

  /** Products on sale, oldest first. */
  listActive(window: PageWindow): Promise<Page<Product>> {
    const where = { active: true };
    return paginate(window, {
      rows: (range) => this.prisma.product.findMany({ where, orderBy: { id: 'asc' }, ...range }),
      count: () => this.prisma.product.count({ where }),
    });
  }

  create(input: ProductInput): Promise<Product> {
    return this.prisma.product.create({
      data: { name: input.name.trim(), description: input.description ?? '', priceCents: input.priceCents },
    });
  }
}
