import { paginate } from './paginate.js';

describe('paginate', () => {
  const letters = 'abcdefg'.split('');
  const query = {
    rows: async ({ skip, take }: { skip: number; take: number }) => letters.slice(skip, skip + take),
    count: async () => letters.length,
  };

  it('asks for the rows of the requested page and the total of the whole list', async () => {
    expect(await paginate({ page: 1, pageSize: 3 }, query)).toEqual({ items: ['a', 'b', 'c'], total: 7 });
    expect(await paginate({ page: 3, pageSize: 3 }, query)).toEqual({ items: ['g'], total: 7 });
  });

  it('answers an empty page past the end, still with the total', async () => {
    expect(await paginate({ page: 4, pageSize: 3 }, query)).toEqual({ items: [], total: 7 });
  });
});
