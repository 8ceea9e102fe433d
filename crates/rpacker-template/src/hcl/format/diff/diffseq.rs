//! gnulib's `diffseq.h` as GNU diff uses it: Myers' O(ND) comparison by middle-snake
//! bisection, with the TOO_EXPENSIVE cut-off and without the `-H` heuristic.

use super::script::floor_log2;

/// The state of GNU's `compareseq`/`diag` (gnulib `diffseq.h`) over the kept lines.
pub(super) struct Compare<'a> {
    xv: &'a [usize],
    yv: &'a [usize],
    xreal: &'a [usize],
    yreal: &'a [usize],
    /// Furthest-reaching x per diagonal, forward and backward, offset by `diag_offset`.
    fd: Vec<i64>,
    bd: Vec<i64>,
    diag_offset: i64,
    too_expensive: i64,
}

impl<'a> Compare<'a> {
    pub(super) fn new(undiscarded: &'a [Vec<usize>; 2], realindexes: &'a [Vec<usize>; 2]) -> Self {
        let diags = undiscarded[0].len() + undiscarded[1].len() + 3;
        let too_expensive = (1i64 << ((floor_log2(diags) >> 1) + 1)).max(4096);
        Self {
            xv: &undiscarded[0],
            yv: &undiscarded[1],
            xreal: &realindexes[0],
            yreal: &realindexes[1],
            fd: vec![0; diags],
            bd: vec![0; diags],
            diag_offset: undiscarded[1].len() as i64 + 1,
            too_expensive,
        }
    }

    fn fd(&self, d: i64) -> i64 {
        self.fd[(d + self.diag_offset) as usize]
    }

    fn bd(&self, d: i64) -> i64 {
        self.bd[(d + self.diag_offset) as usize]
    }

    fn set_fd(&mut self, d: i64, v: i64) {
        let k = (d + self.diag_offset) as usize;
        self.fd[k] = v;
    }

    fn set_bd(&mut self, d: i64, v: i64) {
        let k = (d + self.diag_offset) as usize;
        self.bd[k] = v;
    }

    fn eq(&self, x: i64, y: i64) -> bool {
        self.xv[x as usize] == self.yv[y as usize]
    }

    pub(super) fn compareseq(
        &mut self,
        mut xoff: usize,
        mut xlim: usize,
        mut yoff: usize,
        mut ylim: usize,
        changed: &mut [Vec<bool>; 2],
    ) {
        while xoff < xlim && yoff < ylim && self.xv[xoff] == self.yv[yoff] {
            xoff += 1;
            yoff += 1;
        }
        while xoff < xlim && yoff < ylim && self.xv[xlim - 1] == self.yv[ylim - 1] {
            xlim -= 1;
            ylim -= 1;
        }
        if xoff == xlim {
            for y in yoff..ylim {
                changed[1][self.yreal[y] + 1] = true;
            }
        } else if yoff == ylim {
            for x in xoff..xlim {
                changed[0][self.xreal[x] + 1] = true;
            }
        } else {
            let (xmid, ymid) = self.diag(xoff as i64, xlim as i64, yoff as i64, ylim as i64);
            self.compareseq(xoff, xmid, yoff, ymid, changed);
            self.compareseq(xmid, xlim, ymid, ylim, changed);
        }
    }

    /// The midpoint of the shortest edit script of the given part (the middle snake).
    fn diag(&mut self, xoff: i64, xlim: i64, yoff: i64, ylim: i64) -> (usize, usize) {
        let dmin = xoff - ylim;
        let dmax = xlim - yoff;
        let fmid = xoff - yoff;
        let bmid = xlim - ylim;
        let (mut fmin, mut fmax, mut bmin, mut bmax) = (fmid, fmid, bmid, bmid);
        let odd = (fmid - bmid) & 1 != 0;
        self.set_fd(fmid, xoff);
        self.set_bd(bmid, xlim);
        let mut c: i64 = 1;
        loop {
            if fmin > dmin {
                fmin -= 1;
                self.set_fd(fmin - 1, -1);
            } else {
                fmin += 1;
            }
            if fmax < dmax {
                fmax += 1;
                self.set_fd(fmax + 1, -1);
            } else {
                fmax -= 1;
            }
            let mut d = fmax;
            while d >= fmin {
                let (tlo, thi) = (self.fd(d - 1), self.fd(d + 1));
                let x0 = if tlo < thi { thi } else { tlo + 1 };
                let (mut x, mut y) = (x0, x0 - d);
                while x < xlim && y < ylim && self.eq(x, y) {
                    x += 1;
                    y += 1;
                }
                self.set_fd(d, x);
                if odd && bmin <= d && d <= bmax && self.bd(d) <= x {
                    return (x as usize, y as usize);
                }
                d -= 2;
            }

            if bmin > dmin {
                bmin -= 1;
                self.set_bd(bmin - 1, i64::MAX);
            } else {
                bmin += 1;
            }
            if bmax < dmax {
                bmax += 1;
                self.set_bd(bmax + 1, i64::MAX);
            } else {
                bmax -= 1;
            }
            let mut d = bmax;
            while d >= bmin {
                let (tlo, thi) = (self.bd(d - 1), self.bd(d + 1));
                let x0 = if tlo < thi { tlo } else { thi - 1 };
                let (mut x, mut y) = (x0, x0 - d);
                while xoff < x && yoff < y && self.eq(x - 1, y - 1) {
                    x -= 1;
                    y -= 1;
                }
                self.set_bd(d, x);
                if !odd && fmin <= d && d <= fmax && x <= self.fd(d) {
                    return (x as usize, y as usize);
                }
                d -= 2;
            }

            if c >= self.too_expensive {
                return self.give_up(xoff, xlim, yoff, ylim, (fmin, fmax), (bmin, bmax));
            }
            c += 1;
        }
    }

    /// GNU's TOO_EXPENSIVE heuristic: split halfway between the best diagonals so far.
    fn give_up(&self, xoff: i64, xlim: i64, yoff: i64, ylim: i64, f: (i64, i64), b: (i64, i64)) -> (usize, usize) {
        let (mut fxybest, mut fxbest) = (-1, 0);
        let mut d = f.1;
        while d >= f.0 {
            let mut x = self.fd(d).min(xlim);
            let mut y = x - d;
            if ylim < y {
                x = ylim + d;
                y = ylim;
            }
            if fxybest < x + y {
                fxybest = x + y;
                fxbest = x;
            }
            d -= 2;
        }
        let (mut bxybest, mut bxbest) = (i64::MAX, 0);
        let mut d = b.1;
        while d >= b.0 {
            let mut x = xoff.max(self.bd(d));
            let mut y = x - d;
            if y < yoff {
                x = yoff + d;
                y = yoff;
            }
            if x + y < bxybest {
                bxybest = x + y;
                bxbest = x;
            }
            d -= 2;
        }
        if (xlim + ylim) - bxybest < fxybest - (xoff + yoff) {
            (fxbest as usize, (fxybest - fxbest) as usize)
        } else {
            (bxbest as usize, (bxybest - bxbest) as usize)
        }
    }
}
