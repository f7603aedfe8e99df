// Owns the users table: every other feature reads and writes users through UsersRepository (or, for the
// checks made on every request and socket, BatchedUserReads).
import { Module } from '@nestjs/common';
import { BatchedUserReads } from './batched-user-reads.js';
import { UsersRepository } from './users.repository.js';

@Module({ providers: [UsersRepository, BatchedUserReads], exports: [UsersRepository, BatchedUserReads] })
export class UsersModule {}
