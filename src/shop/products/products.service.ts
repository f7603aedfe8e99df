import { Injectable } from '@nestjs/common';
import type { Product } from '../../generated/prisma/client.js';
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

  async listActive(page: number, pageSize: number): Promise<{ products: Product[]; total: number }> {
    const where = { active: true };
    const [products, total] = await this.prisma.$transaction([
      this.prisma.product.findMany({
        where,
        orderBy: { id: 'asc' },
        skip: (page - 1) * pageSize,
        take: pageSize,
      }),
      this.prisma.product.count({ where }),
    ]);
    return { products, total };
  }

  create(input: ProductInput): Promise<Product> {
    return this.prisma.product.create({
      data: { name: input.name.trim(), description: input.description ?? '', priceCents: input.priceCents },
    });
  }
}
