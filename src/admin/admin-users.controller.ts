import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { PageQuery, pageWindow, presentPage } from '../common/http/page.query.js';
import { ParseIdPipe } from '../common/http/parse-id.pipe.js';
import { UserPresenter } from '../users/user.presenter.js';
import { AdminUsersService } from './admin-users.service.js';
import { ChangeRoleDto } from './dto/change-role.dto.js';

@ApiTags('admin')
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  async list(@Query() query: PageQuery) {
    return presentPage(query, await this.users.list(pageWindow(query)), UserPresenter.present);
  }

  @Patch(':id')
  async changeRole(@Param('id', ParseIdPipe) id: number, @Body() body: ChangeRoleDto) {
    return UserPresenter.present(await this.users.changeRole(id, body.role));
  }
}
