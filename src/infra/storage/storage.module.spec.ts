import { ConfigError, loadConfig } from '../../config/app-config.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { S3Storage } from './s3.storage.js';
import { createObjectStorage } from './storage.module.js';

describe('choosing the storage adapter from config', () => {
  it('uses local disk when nothing about S3 is set', () => {
    const config = loadConfig({});
    expect(config.storage.driver).toBe('local');
    expect(config.storage.local.directory).toBe('.data/uploads');
    expect(createObjectStorage(config)).toBeInstanceOf(LocalDiskStorage);
  });

  it('uses S3 as soon as a bucket is named', () => {
    const config = loadConfig({
      S3_BUCKET: 'media',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.storage.s3).toEqual({
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      bucket: 'media',
      credentials: undefined,
      forcePathStyle: true,
    });
    expect(createObjectStorage(config)).toBeInstanceOf(S3Storage);
  });

  it('stops at start, naming the variable, when S3 is asked for without a bucket', () => {
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' })).toThrow(ConfigError);
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' })).toThrow(/S3_BUCKET/);
  });

  it('stops at start when only half of the S3 credentials are set', () => {
    expect(() => loadConfig({ S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'key' })).toThrow(/S3_SECRET_ACCESS_KEY/);
  });
});
