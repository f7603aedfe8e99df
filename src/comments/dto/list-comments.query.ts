import { ListPostsCursorQuery } from '../../posts/dto/list-posts.query.js';

/** `cursor` and `limit`, as for posts (cursors are not interchangeable: each names a place in its own list). */
export class ListCommentsCursorQuery extends ListPostsCursorQuery {}
