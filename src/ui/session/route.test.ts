import { describe, expect, it } from 'vitest';
import { hostLink, joinLink, sessionRouteOf } from './route';
import { roomCodeOf } from './storage';

describe('session routes', () => {
  it('a join link opens the student page, ?host= the projector page, anything else the lab', () => {
    expect(sessionRouteOf({ search: '?join=BC3DF7', hash: '' })).toEqual({ page: 'student', code: 'BC3DF7' });
    expect(sessionRouteOf({ search: '', hash: '#session=bc3df7' })).toEqual({ page: 'student', code: 'bc3df7' });
    expect(sessionRouteOf({ search: '?host=BC3DF7', hash: '' })).toEqual({ page: 'host', code: 'BC3DF7' });
    expect(sessionRouteOf({ search: '', hash: '#v=1&lab=permit-auction&seed=1' })).toBeNull();
    expect(sessionRouteOf({ search: '?utm=x', hash: '' })).toBeNull();
  });

  it('the links carry the code on the app’s own address', () => {
    const loc = { origin: 'http://192.168.1.20:4173', pathname: '/' };
    expect(joinLink('BC3DF7', loc)).toBe('http://192.168.1.20:4173/?join=BC3DF7');
    expect(hostLink('BC3DF7', loc)).toBe('http://192.168.1.20:4173/?host=BC3DF7');
    expect(sessionRouteOf(new URL(joinLink('BC3DF7', loc)))).toEqual({ page: 'student', code: 'BC3DF7' });
  });

  it('room codes are read case-insensitively and refused when they cannot be one', () => {
    expect(roomCodeOf(' bc3df7 ')).toBe('BC3DF7');
    expect(roomCodeOf('BC3DF')).toBeNull();
    expect(roomCodeOf('BC3DF0')).toBeNull(); // 0 is not in the alphabet
    expect(roomCodeOf('<img src=x>')).toBeNull();
    expect(roomCodeOf(null)).toBeNull();
  });
});
