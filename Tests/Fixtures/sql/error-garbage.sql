-- MySQL dump 10.13  Distrib 8.0.36
CREATE TABLE `t` (`a` int, `b` text);
INSERT INTO `t` VALUES (1,'một'),(2,'hai') @@ 'x;y' (3,'ba'),(4,'bốn');
INSERT INTO `t` VALUES ?? (5,'năm');
INSERT INTO `t` VALUES (6,'sáu') ON DUPLICATE KEY UPDATE b = 'x';
INSERT INTO `t` VALUES (7,'bảy'), $$;
