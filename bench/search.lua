-- wrk: the documents search page with a rotation of diacritic-free queries, phrases and prefixes.
dofile("bench/percentiles.lua")
local queries = {"ke+hoach+ung+dung+cong+nghe", "chuyen+doi+so", "%22dich+vu+cong+truc+tuyen%22", "bao+cao+ket+qua",
  "de+dieu", "thu+ngan+sach", "an+toan+thong+tin", "quan+ly+dat", "tuyen+dung+cong+chuc", "phong+chay", "du+lich",
  "huong+dan+thuc+hien", "quyet+dinh+phe+duyet", "nong+thon+moi", "y+te+co+so", "doanh+nghiep"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/van-ban/tim-kiem/?q=" .. queries[i % #queries + 1])
end
