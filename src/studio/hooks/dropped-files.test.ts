import { describe, expect, it } from 'vitest';
import { dropKind, dropNotice } from './dropped-files';

describe('dropped files', () => {
  it('loads a .pkl or a model folder, leaves pictures to "Animate a picture" and takes one video to "Animate a video"', () => {
    expect(dropKind(['network-snapshot-000600.PKL'])).toBe('pickle');
    expect(dropKind(['group1-shard1of1.bin', 'model.json'])).toBe('folder');
    expect(dropKind(['me.JPG', 'b.webp'])).toBe('picture');
    expect(dropKind(['notes.txt'])).toBe('other');
    expect(dropKind(['Song.MP3'])).toBe('sound');
    expect(dropKind(['Holiday.MOV'])).toBe('video');
    expect(dropKind(['sky.webm'])).toBe('video');
    expect(dropKind(['a.mp4', 'b.mp4'])).toBe('other');
    expect(dropKind(['a.wav', 'b.wav'])).toBe('other');
    expect(dropKind([])).toBe('none');
    expect(dropNotice('picture')).toMatch(/drop it on "Animate a picture"/);
    expect(dropNotice('other')).toMatch(/official \.pkl or a converted model folder/);
    expect(dropNotice('pickle')).toBeNull();
  });
});
